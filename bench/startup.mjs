/**
 * Start-up and read-only commands (issue 12's targets), Node start-up included in every figure:
 * - `godwit --version` and `godwit --help` within 1.3x of `node -e 0`;
 * - `godwit status` with 1,000 applied, SQLite and PostgreSQL: faster than `goose status` on the
 *   same migrations (goose reads its own goose_db_version table, so it gets its own database
 *   where goose applied the same 1,000 first);
 * - `godwit version` with 1,000 applied: < 150 ms (golang-migrate `version` as information, on
 *   a database golang-migrate migrated);
 * - `godwit status` with 10,000 applied (SQLite, built once with godwit itself): < 1 s.
 * Contenders run interleaved round by round after a warm-up round; every sample's output is checked.
 * These commands are short and their samples noisy, so the bench runs 4x GODWIT_BENCH_RUNS rounds
 * (default 5, so 20).
 */
import { join } from 'node:path';
import { gooseArgs } from './contenders/goose.mjs';
import { migrateArgs, writeMigratePairs } from './contenders/golang-migrate.mjs';
import { goTool } from './go-tools.mjs';
import { benchRuns, compare, generateMigrations, requireCli, run, tempDir } from './lib.mjs';
import { pgDatabases, pgTableMigration, requirePostgres } from './pg.mjs';
import { ratioRow, report, timeRow } from './results.mjs';
import { snapshotCli } from './snapshot.mjs';

const STATUS_COUNT = 1000;
const LARGE_STATUS_COUNT = 10_000;
const RUNS = benchRuns() * 4;
const TARGET = { startup: ['<=', 1.3], goose: ['<', 1], versionMs: ['<', 150], largeStatusMs: ['<', 1000] };

requireCli();
const pg = requirePostgres();
const goose = goTool('goose');
const migrate = goTool('migrate');
const tmp = tempDir('godwit-bench-startup-');
const { DATABASE_URL: _ignored, ...env } = process.env;
const dbs = pgDatabases(pg, ['godwit', 'goose', 'migrate']);

/**
 * A compare() case: runs `command args` and checks every sample's output (stdout and stderr
 * together: goose and golang-migrate log to stderr) with `expected`: a string it must contain, or
 * a RegExp it must match (none: the exit code alone, checked by run()).
 */
function checked(command, args, expected) {
  return {
    run: () => {
      const result = run(command, args, { cwd: tmp.dir, env });
      const output = result.stdout + result.stderr;
      const ok = expected === undefined || (typeof expected === 'string' ? output.includes(expected) : expected.test(output));
      if (!ok) throw new Error(`bench: ${command} ${args.join(' ')} did not print ${expected}:\n${output.slice(-500)}`);
      return result.ms;
    },
  };
}

try {
  const cli = await snapshotCli(tmp.dir); // the build measured, whatever happens to dist meanwhile
  const godwit = (...args) => [process.execPath, [cli.bin, ...args]];
  // --- start-up -------------------------------------------------------------------------------
  const startup = await compare(
    {
      'node -e 0': checked(process.execPath, ['-e', '0']),
      'godwit --version': checked(...godwit('--version'), /^\d+\.\d+\.\d+/m),
      'godwit --help': checked(...godwit('--help'), 'Usage: godwit'),
    },
    { runs: RUNS },
  );

  // --- status and version, 1,000 applied: each tool on a database it migrated itself ------------
  const sqliteDir = join(tmp.dir, 'sqlite-1000');
  const sqliteMigrateDir = join(tmp.dir, 'sqlite-1000-golang-migrate');
  writeMigratePairs(sqliteMigrateDir, generateMigrations(sqliteDir, STATUS_COUNT));
  const pgDir = join(tmp.dir, 'postgres-1000');
  const pgMigrateDir = join(tmp.dir, 'postgres-1000-golang-migrate');
  writeMigratePairs(pgMigrateDir, generateMigrations(pgDir, STATUS_COUNT, pgTableMigration), { transaction: true });

  const targets = {
    sqlite: {
      godwit: `sqlite:${join(tmp.dir, 'godwit.db')}`,
      goose: join(tmp.dir, 'goose.db'),
      migrate: `sqlite3://${join(tmp.dir, 'migrate.db')}`,
      dir: sqliteDir,
      migrateDir: sqliteMigrateDir,
    },
    postgres: { godwit: dbs.url('godwit'), goose: dbs.url('goose'), migrate: dbs.url('migrate'), dir: pgDir, migrateDir: pgMigrateDir },
  };
  for (const key of ['godwit', 'goose', 'migrate']) dbs.recreate(key);
  const statusResults = {};
  for (const [driver, t] of Object.entries(targets)) {
    run(...godwit('up', '-q', '--database', t.godwit, '--dir', t.dir), { cwd: tmp.dir, env });
    if (goose.bin) run(goose.bin, gooseArgs(t.dir, driver, t.goose, 'up'), { cwd: tmp.dir, env });
    if (migrate.bin) run(migrate.bin, migrateArgs(t.migrateDir, t.migrate, 'up'), { cwd: tmp.dir, env });
    const cases = {
      [`godwit status, ${driver}`]: checked(...godwit('status', '--database', t.godwit, '--dir', t.dir), `version ${STATUS_COUNT}, 0 pending`),
      [`godwit version, ${driver}`]: checked(...godwit('version', '--database', t.godwit, '--dir', t.dir), new RegExp(`^${STATUS_COUNT}$`, 'm')),
    };
    // goose lists every migration with when it was applied: the last one must be there.
    if (goose.bin) cases[`goose status, ${driver}`] = checked(goose.bin, gooseArgs(t.dir, driver, t.goose, 'status'), `${String(STATUS_COUNT).padStart(6, '0')}_bench_${STATUS_COUNT}.sql`);
    if (migrate.bin) cases[`golang-migrate version, ${driver}`] = checked(migrate.bin, migrateArgs(t.migrateDir, t.migrate, 'version'), new RegExp(`^${STATUS_COUNT}$`, 'm'));
    Object.assign(statusResults, await compare(cases, { runs: RUNS }));
  }

  // --- status, 10,000 applied (SQLite) ----------------------------------------------------------
  const largeDir = join(tmp.dir, 'sqlite-10000');
  generateMigrations(largeDir, LARGE_STATUS_COUNT);
  const largeDb = `sqlite:${join(tmp.dir, 'large.db')}`;
  run(...godwit('up', '-q', '--database', largeDb, '--dir', largeDir), { cwd: tmp.dir, env });
  const large = await compare(
    { [`godwit status, sqlite, ${LARGE_STATUS_COUNT}`]: checked(...godwit('status', '--database', largeDb, '--dir', largeDir), `version ${LARGE_STATUS_COUNT}, 0 pending`) },
    { runs: RUNS },
  );

  // --- report -----------------------------------------------------------------------------------
  const s = (name) => statusResults[name];
  const rows = [
    timeRow('node -e 0', startup['node -e 0']),
    timeRow('godwit --version', startup['godwit --version']),
    timeRow('godwit --help', startup['godwit --help']),
    ratioRow('godwit --version / node -e 0', startup['godwit --version'], startup['node -e 0'], { target: TARGET.startup }),
    ratioRow('godwit --help / node -e 0', startup['godwit --help'], startup['node -e 0'], { target: TARGET.startup }),
  ];
  for (const driver of Object.keys(targets)) {
    rows.push(
      timeRow(`godwit status, ${driver}, ${STATUS_COUNT} applied`, s(`godwit status, ${driver}`)),
      timeRow(`goose status, ${driver}, ${STATUS_COUNT} applied`, s(`goose status, ${driver}`)),
      ratioRow(`godwit status / goose status, ${driver}`, s(`godwit status, ${driver}`), s(`goose status, ${driver}`), { target: TARGET.goose }),
      timeRow(`godwit version, ${driver}, ${STATUS_COUNT} applied`, s(`godwit version, ${driver}`), { target: TARGET.versionMs }),
      timeRow(`golang-migrate version, ${driver} (info)`, s(`golang-migrate version, ${driver}`)),
    );
  }
  rows.push(timeRow(`godwit status, sqlite, ${LARGE_STATUS_COUNT} applied`, large[`godwit status, sqlite, ${LARGE_STATUS_COUNT}`], { target: TARGET.largeStatusMs }));
  const notes = [
    'each tool reads a database it migrated itself with the same 1,000 migrations (godwit its store, goose goose_db_version, golang-migrate schema_migrations)',
    'PostgreSQL connections use sslmode=disable',
    ...[goose, migrate].filter((t) => t.skip).map((t) => t.skip),
  ];
  report('startup', {
    build: cli.build,
    title: `Start-up, status and version (SQLite; PostgreSQL ${pg.serverVersion})`,
    runs: RUNS,
    rows,
    notes,
    samples: { ...startup, ...statusResults, ...large },
    peers: Object.fromEntries([['goose', goose.version], ['golang-migrate', migrate.version]].filter(([, v]) => v)),
  });
} finally {
  dbs.dropAll();
  tmp.cleanup();
}
