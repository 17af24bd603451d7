/**
 * migrate-mongo (root devDependency; MongoDB only), run with `node <its bin>` as Godwit's CLI is.
 * Its migrations are JavaScript modules; each writes one `changelog` document when applied.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MIGRATE_MONGO_CHANGELOG = 'changelog';

/**
 * Writes a migrate-mongo project into `dir`: migrations/NNNNNN-bench_N.js doing the same insert
 * as the command of each migration (insertMany sends one insert command), and a config file as
 * `migrate-mongo init` writes it (its defaults: no lock collection) that takes the server from
 * $BENCH_MONGO_URL. Returns the config file's path.
 */
export function writeMigrateMongoProject(dir, migrations) {
  const migrationsDir = join(dir, 'migrations');
  mkdirSync(migrationsDir, { recursive: true });
  for (const m of migrations) {
    const { insert, documents } = m.command;
    const text = `module.exports = {
  async up(db) {
    await db.collection(${JSON.stringify(insert)}).insertMany(${JSON.stringify(documents)});
  },
  async down(db) {
    await db.collection(${JSON.stringify(insert)}).drop();
  },
};
`;
    writeFileSync(join(migrationsDir, `${String(m.version).padStart(6, '0')}-${m.name}.js`), text);
  }
  const config = join(dir, 'migrate-mongo-config.js');
  writeFileSync(
    config,
    `module.exports = {
  mongodb: { url: process.env.BENCH_MONGO_URL, options: {} },
  migrationsDir: ${JSON.stringify(migrationsDir)},
  changelogCollectionName: ${JSON.stringify(MIGRATE_MONGO_CHANGELOG)},
  lockCollectionName: 'changelog_lock',
  lockTtl: 0,
  migrationFileExtension: '.js',
  useFileHash: false,
  moduleSystem: 'commonjs',
};
`,
  );
  return config;
}

/** `migrate-mongo up -f CONFIG` (the server comes from $BENCH_MONGO_URL). */
export function migrateMongoArgs(bin, config) {
  return [bin, 'up', '-f', config];
}
