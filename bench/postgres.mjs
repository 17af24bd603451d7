/**
 * PostgreSQL benchmark (issue 12's targets), `up` of 500 generated migrations:
 * - Godwit against the floor, `psql` running the same statements, each migration in its own
 *   BEGIN/COMMIT with a version-row insert: <= 1.2x.
 * - Godwit against goose (< 1x); golang-migrate and node-pg-migrate as information.
 * - peak RSS of `godwit up` x500: < 60 MB (the peers' as information).
 * Every contender runs interleaved round by round after a warm-up round, every sample on a freshly
 * created database, and every sample is checked to have applied everything. GODWIT_BENCH_RUNS
 * sets the number of rounds (default 5). Start-up and `status` are bench/startup.mjs's.
 * Server: $PG_URL (default postgres://postgres@127.0.0.1:5432/postgres); the benchmark creates
 * and drops its own databases there.
 */
import { join } from 'node:path';
import { GOOSE_APPLIED_SQL, gooseArgs } from './contenders/goose.mjs';
import { MIGRATE_VERSION_SQL, migrateArgs, writeMigratePairs } from './contenders/golang-migrate.mjs';
import { NODE_PG_MIGRATE_APPLIED_SQL, nodePgMigrateArgs, writeNodePgMigrateFolder } from './contenders/node-pg-migrate.mjs';
import { goTool } from './go-tools.mjs';
import { benchRuns, compare, expectEqual, generateMigrations, packageBin, packageVersion, peakRssMb, requireCli, run, tempDir } from './lib.mjs';
import { pgDatabases, pgTableMigration, requirePostgres } from './pg.mjs';
import { ratioRow, report, rssRow, timeRow } from './results.mjs';
import { snapshotCli } from './snapshot.mjs';

const UP_COUNT = 500;
const RUNS = benchRuns();
const TARGET = { floor: ['<=', 1.2], goose: ['<', 1], rssMb: ['<', 60] };

requireCli();
const pg = requirePostgres();
const goose = goTool('goose');
const migrate = goTool('migrate');
const nodePgMigrate = packageBin('node-pg-migrate');
const tmp = tempDir('godwit-bench-postgres-');
const env = { ...process.env, DATABASE_URL: '' };
const dbs = pgDatabases(pg, ['floor', 'godwit', 'goose', 'migrate', 'npm']);

try {
  const cli = await snapshotCli(tmp.dir); // the build measured, whatever happens to dist meanwhile
  const dir = join(tmp.dir, 'migrations-500');
  const migrations = generateMigrations(dir, UP_COUNT, pgTableMigration);
  const migrateDir = join(tmp.dir, 'golang-migrate-500');
  writeMigratePairs(migrateDir, migrations, { transaction: true });
  const nodePgMigrateDir = join(tmp.dir, 'node-pg-migrate-500');
  writeNodePgMigrateFolder(nodePgMigrateDir, migrations);

  const floorScript = [
    'CREATE TABLE godwit_migrations (version bigint PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), execution_ms integer NOT NULL DEFAULT 0, applied_by text NOT NULL, dirty boolean NOT NULL DEFAULT false);',
    ...migrations.map((m) =>
      [
        'BEGIN;',
        ...m.up.map((s) => `${s};`),
        `INSERT INTO godwit_migrations (version, name, checksum, applied_by) VALUES (${m.version}, '${m.name}', 'checksum', 'bench@host');`,
        'COMMIT;',
      ].join('\n'),
    ),
  ].join('\n');

  // The command line of each contender against its own database (a URL for each).
  const commands = {
    floor: (url) => [pg.psqlBin, [...pg.psqlArgs(url), '-f', '-'], { input: floorScript }],
    godwit: (url) => [process.execPath, [cli.bin, 'up', '--database', url, '--dir', dir]],
    goose: goose.bin && ((url) => [goose.bin, gooseArgs(dir, 'postgres', url, 'up')]),
    migrate: migrate.bin && ((url) => [migrate.bin, migrateArgs(migrateDir, url, 'up')]),
    npm: nodePgMigrate && ((url) => [process.execPath, nodePgMigrateArgs(nodePgMigrate, nodePgMigrateDir), { env: { ...env, DATABASE_URL: url } }]),
  };
  const applied = {
    floor: godwitApplied,
    godwit: godwitApplied,
    goose: (url) => expectRow(url, GOOSE_APPLIED_SQL, String(UP_COUNT)),
    migrate: (url) => expectRow(url, MIGRATE_VERSION_SQL, `${UP_COUNT}|f`),
    npm: (url) => expectRow(url, NODE_PG_MIGRATE_APPLIED_SQL, String(UP_COUNT)),
  };
  const exec = (name) => {
    const [command, args, options = {}] = commands[name](dbs.url(name));
    return run(command, args, { cwd: tmp.dir, env, ...options });
  };
  const labels = {
    floor: `psql floor, ${UP_COUNT}`,
    godwit: `godwit up, ${UP_COUNT}`,
    goose: `goose up, ${UP_COUNT}`,
    migrate: `golang-migrate up, ${UP_COUNT}`,
    npm: `node-pg-migrate up, ${UP_COUNT}`,
  };
  const cases = {};
  for (const name of Object.keys(commands).filter((n) => commands[n])) {
    cases[labels[name]] = {
      before: () => dbs.recreate(name),
      run: () => exec(name).ms,
      after: () => {
        applied[name](dbs.url(name));
        expectRow(dbs.url(name), `SELECT count(*) FROM bench_${UP_COUNT}`, '4');
      },
    };
  }
  const r = await compare(cases, { runs: RUNS });
  const [floor, up, gooseUp, migrateUp, npmUp] = ['floor', 'godwit', 'goose', 'migrate', 'npm'].map((n) => r[labels[n]]);

  // Peak RSS: one run each, on a fresh database (the figure hardly moves between runs).
  const rss = (name) => {
    if (!commands[name]) return undefined;
    dbs.recreate(name);
    const [command, args, options = {}] = commands[name](dbs.url(name));
    const mb = peakRssMb(command, args, { cwd: tmp.dir, env, ...options });
    applied[name](dbs.url(name));
    return mb;
  };

  const rows = [
    timeRow(`psql floor, ${UP_COUNT} migrations`, floor),
    timeRow(`godwit up, ${UP_COUNT} migrations`, up),
    timeRow(`goose up, ${UP_COUNT} migrations`, gooseUp),
    timeRow(`golang-migrate up, ${UP_COUNT} migrations`, migrateUp),
    timeRow(`node-pg-migrate up, ${UP_COUNT} migrations`, npmUp),
    ratioRow('godwit / floor', up, floor, { target: TARGET.floor }),
    ratioRow('godwit / goose', up, gooseUp, { target: TARGET.goose }),
    ratioRow('godwit / golang-migrate (info)', up, migrateUp),
    ratioRow('godwit / node-pg-migrate (info)', up, npmUp),
    rssRow(`peak RSS, godwit up ${UP_COUNT}`, rss('godwit'), { target: TARGET.rssMb }),
    rssRow(`peak RSS, goose up ${UP_COUNT} (info)`, rss('goose')),
    rssRow(`peak RSS, golang-migrate up ${UP_COUNT} (info)`, rss('migrate')),
    rssRow(`peak RSS, node-pg-migrate up ${UP_COUNT} (info)`, rss('npm')),
  ];
  const notes = [
    'every contender runs the same statements, one transaction per migration: goose wraps each file itself; the golang-migrate files hold BEGIN/COMMIT (its postgres driver adds none); node-pg-migrate runs with --no-single-transaction (by default it puts every migration into one)',
    'every connection is made with sslmode=disable, so no contender pays for TLS on the loopback',
    'golang-migrate records only the current version (one row) and flips its dirty flag around each migration',
    ...[goose, migrate].filter((t) => t.skip).map((t) => t.skip),
    ...(nodePgMigrate ? [] : ['node-pg-migrate is not installed (pnpm install): it is not compared']),
  ];
  report('postgres', {
    build: cli.build,
    title: `PostgreSQL ${pg.serverVersion}: up`,
    runs: RUNS,
    rows,
    notes,
    samples: r,
    peers: Object.fromEntries(
      [
        ['goose', goose.version],
        ['golang-migrate', migrate.version],
        ['node-pg-migrate', nodePgMigrate && packageVersion('node-pg-migrate')],
      ].filter(([, v]) => v),
    ),
  });
} finally {
  dbs.dropAll();
  tmp.cleanup();
}

/** A benchmark of a run that did not do the work measures nothing: check the version rows. */
function godwitApplied(url) {
  expectRow(url, 'SELECT count(*) FROM godwit_migrations WHERE NOT dirty', String(UP_COUNT));
}

function expectRow(url, sql, want) {
  expectEqual(sql, pg.query(url, sql), want);
}
