/**
 * node-pg-migrate (root devDependency; PostgreSQL only), run with `node <its bin>` as Godwit's CLI
 * is. It reads `.sql` migrations split by `-- Up Migration` / `-- Down Migration` comments and
 * records one pgmigrations row per migration.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the same statements in node-pg-migrate's SQL format, numbered like goose's files. */
export function writeNodePgMigrateFolder(dir, migrations) {
  mkdirSync(dir, { recursive: true });
  const sql = (statements) => statements.map((s) => `${s};\n`).join('');
  for (const m of migrations) {
    const text = `-- Up Migration\n${sql(m.up)}\n-- Down Migration\n${sql(m.down)}`;
    writeFileSync(join(dir, `${String(m.version).padStart(6, '0')}_${m.name}.sql`), text);
  }
}

/**
 * `node-pg-migrate up`. By default it runs every pending migration in one single transaction;
 * --no-single-transaction gives each migration its own, as every other contender does.
 */
export function nodePgMigrateArgs(bin, dir) {
  return [bin, 'up', '-m', dir, '--no-single-transaction'];
}

export const NODE_PG_MIGRATE_APPLIED_SQL = 'SELECT count(*) FROM pgmigrations';
