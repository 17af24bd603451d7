/**
 * SQLite benchmark (issue 12's targets), `up` of 500 generated migrations:
 * - Godwit against the floor, the `sqlite3` shell running the same statements (in its default
 *   rollback-journal mode; a second floor runs them in WAL, Godwit's mode), each migration in
 *   its own BEGIN/COMMIT with a version-row insert: <= 1.2x.
 * - Godwit against goose (< 1x); golang-migrate as information.
 * - peak RSS of `godwit up` x500: < 50 MB (goose's and golang-migrate's as information).
 * - cost stays linear: Godwit's cost per migration at 2,000 against at 500 (see LINEAR below).
 * Every contender runs interleaved round by round after a warm-up round, every sample on a fresh
 * database file, and every sample is checked to have applied everything. GODWIT_BENCH_RUNS sets
 * the number of rounds (default 5). Start-up and `status` are bench/startup.mjs's.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GOOSE_APPLIED_SQL, gooseArgs } from './contenders/goose.mjs';
import { MIGRATE_VERSION_SQL, migrateArgs, writeMigratePairs } from './contenders/golang-migrate.mjs';
import { goTool } from './go-tools.mjs';
import { benchRuns, compare, expectEqual, generateMigrations, peakRssMb, requireCli, run, tempDir } from './lib.mjs';
import { ratioRow, report, rssRow, timeRow } from './results.mjs';
import { snapshotCli } from './snapshot.mjs';

const UP_COUNT = 500;
const LINEAR_COUNT = 2000;
const RUNS = benchRuns();
/**
 * LINEAR: Godwit's cost per migration at 2,000 over its cost at 500, each the wall time minus
 * that of an `up` with nothing to apply (start-up, connection, store set-up: paid once, so it
 * would otherwise flatter the larger run), divided by the same ratio of the sqlite3 floor: SQLite
 * itself may pay more per migration as the file and its schema grow, which is not Godwit's to fix,
 * and the floor's runs share each round's disk weather with Godwit's (both ratios are shown as
 * information). Anything of Godwit's that grows with the number of migrations (re-reading the
 * store, scanning the list per migration) is 4x larger at 2,000, so a real O(n^2) term lands far
 * above 1; 1.15 leaves room for the jitter between samples of a disk-bound run.
 */
const TARGET = { floor: ['<=', 1.2], goose: ['<', 1], rssMb: ['<', 50], linear: ['<=', 1.15] };
/** What Godwit's SQLite connection does for a run that writes: WAL, each commit synced. */
const WAL_PRAGMAS = 'PRAGMA journal_mode = WAL;\nPRAGMA synchronous = FULL;';
const SQLITE3 = existsSync('/usr/bin/sqlite3') ? '/usr/bin/sqlite3' : 'sqlite3';

requireCli();
const goose = goTool('goose');
const migrate = goTool('migrate');
const tmp = tempDir('godwit-bench-sqlite-');
// --database is always given; drop DATABASE_URL anyway so nothing else can be picked up.
const { DATABASE_URL: _ignored, ...env } = process.env;

try {
  const cli = await snapshotCli(tmp.dir); // the build measured, whatever happens to dist meanwhile
  const godwitArgs = (db, dir) => [cli.bin, 'up', '--database', `sqlite:${db}`, '--dir', dir];
  const dirs = { 0: join(tmp.dir, 'migrations-0'), [UP_COUNT]: join(tmp.dir, 'migrations-500'), [LINEAR_COUNT]: join(tmp.dir, 'migrations-2000') };
  generateMigrations(dirs[0], 0);
  const migrations = generateMigrations(dirs[UP_COUNT], UP_COUNT);
  const linearMigrations = generateMigrations(dirs[LINEAR_COUNT], LINEAR_COUNT);
  const migrateDir = join(tmp.dir, 'golang-migrate-500');
  writeMigratePairs(migrateDir, migrations); // its sqlite3 driver wraps each file in a transaction
  const db = (name) => join(tmp.dir, `${name}.db`);

  const storeTable =
    'CREATE TABLE godwit_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL, execution_ms INTEGER NOT NULL, applied_by TEXT NOT NULL, dirty INTEGER NOT NULL);';
  const floorScript = (list) => [storeTable, ...list.map((m) => ['BEGIN;', ...m.up.map((s) => `${s};`), versionRow(m), 'COMMIT;'].join('\n'))].join('\n');

  // A second floor that also appends an audit row per migration, as godwit's history table
  // does (the design requires it): the difference between the two floors is the audit trail's
  // own cost, the rest of godwit's gap is godwit.
  const historyTable =
    'CREATE TABLE godwit_migrations_history (id INTEGER PRIMARY KEY, version INTEGER NOT NULL, name TEXT NOT NULL, direction TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, execution_ms INTEGER, success INTEGER NOT NULL, error TEXT, applied_by TEXT NOT NULL, tool_version TEXT NOT NULL);';
  const historyRow = (m) =>
    `INSERT INTO godwit_migrations_history (version, name, direction, started_at, finished_at, execution_ms, success, error, applied_by, tool_version) VALUES (${m.version}, '${m.name}', 'up', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 0, 1, NULL, 'bench@host', 'bench');`;
  const floorWithHistoryScript = [
    storeTable,
    historyTable,
    ...migrations.map((m) => ['BEGIN;', ...m.up.map((s) => `${s};`), versionRow(m), historyRow(m), 'COMMIT;'].join('\n')),
  ].join('\n');

  /** A compare() case on a fresh file, checked after every sample by `applied(file)`. */
  const contender = (name, command, args, applied, input) => ({
    before: () => fresh(db(name)),
    run: () => run(command, args, { cwd: tmp.dir, env, input }).ms,
    after: () => applied(db(name)),
  });
  const cases = {
    [`sqlite3 floor, ${UP_COUNT}`]: contender('floor', SQLITE3, [db('floor')], godwitApplied(UP_COUNT), floorScript(migrations)),
    [`floor + history row, ${UP_COUNT}`]: contender('floor-history', SQLITE3, [db('floor-history')], godwitApplied(UP_COUNT), floorWithHistoryScript),
    // Godwit commits through WAL with every commit synced (driver-sqlite connection/journal-mode.ts):
    // the floor in that mode shows how much of Godwit's lead is the journal.
    [`sqlite3 floor in WAL, ${UP_COUNT}`]: contender('floor-wal', SQLITE3, [db('floor-wal')], godwitApplied(UP_COUNT), `${WAL_PRAGMAS}\n${floorScript(migrations)}`),
    [`godwit up, ${UP_COUNT}`]: contender('godwit', process.execPath, godwitArgs(db('godwit'), dirs[UP_COUNT]), godwitApplied(UP_COUNT)),
  };
  if (goose.bin) cases[`goose up, ${UP_COUNT}`] = contender('goose', goose.bin, gooseArgs(dirs[UP_COUNT], 'sqlite', db('goose'), 'up'), gooseApplied(UP_COUNT));
  if (migrate.bin) {
    cases[`golang-migrate up, ${UP_COUNT}`] = contender('migrate', migrate.bin, migrateArgs(migrateDir, `sqlite3://${db('migrate')}`, 'up'), migrateApplied(UP_COUNT));
  }
  // The linearity runs join the same rounds, so they share the weather with the rest.
  cases['godwit up, 0 pending'] = contender('godwit-0', process.execPath, godwitArgs(db('godwit-0'), dirs[0]), godwitApplied(0, { tables: false }));
  cases[`godwit up, ${LINEAR_COUNT}`] = contender('godwit-2000', process.execPath, godwitArgs(db('godwit-2000'), dirs[LINEAR_COUNT]), godwitApplied(LINEAR_COUNT));
  cases[`sqlite3 floor, ${LINEAR_COUNT}`] = contender('floor-2000', SQLITE3, [db('floor-2000')], godwitApplied(LINEAR_COUNT), floorScript(linearMigrations));

  const r = await compare(cases, { runs: RUNS });
  const floor = r[`sqlite3 floor, ${UP_COUNT}`];
  const up = r[`godwit up, ${UP_COUNT}`];
  const gooseUp = r[`goose up, ${UP_COUNT}`];
  const migrateUp = r[`golang-migrate up, ${UP_COUNT}`];

  // Peak RSS: one run each, on a fresh file (the figure hardly moves between runs).
  const rss = (name, command, args, applied) => {
    fresh(db(name));
    const mb = peakRssMb(command, args, { cwd: tmp.dir, env });
    applied(db(name));
    return mb;
  };
  const upRss = rss('godwit', process.execPath, godwitArgs(db('godwit'), dirs[UP_COUNT]), godwitApplied(UP_COUNT));
  const gooseRss = goose.bin && rss('goose', goose.bin, gooseArgs(dirs[UP_COUNT], 'sqlite', db('goose'), 'up'), gooseApplied(UP_COUNT));
  const migrateRss = migrate.bin && rss('migrate', migrate.bin, migrateArgs(migrateDir, `sqlite3://${db('migrate')}`, 'up'), migrateApplied(UP_COUNT));

  const perMigration = (stat, count, fixed) => ({
    median: (stat.median - (fixed?.median ?? 0)) / count,
    min: (stat.min - (fixed?.min ?? 0)) / count,
  });
  const zero = r['godwit up, 0 pending'];
  const godwitPer = { small: perMigration(up, UP_COUNT, zero), large: perMigration(r[`godwit up, ${LINEAR_COUNT}`], LINEAR_COUNT, zero) };
  const floorPer = { small: perMigration(floor, UP_COUNT), large: perMigration(r[`sqlite3 floor, ${LINEAR_COUNT}`], LINEAR_COUNT) };
  const growth = (per) => ({ median: per.large.median / per.small.median, min: per.large.min / per.small.min });
  const perRow = (measure, stat) => ({ measure, median: `${stat.median.toFixed(2)} ms`, min: `${stat.min.toFixed(2)} ms`, target: '', result: '' });

  const rows = [
    timeRow(`sqlite3 floor, ${UP_COUNT} migrations`, floor),
    timeRow(`floor + history row, ${UP_COUNT} (info)`, r[`floor + history row, ${UP_COUNT}`]),
    timeRow(`sqlite3 floor in WAL, synchronous FULL, ${UP_COUNT} (info)`, r[`sqlite3 floor in WAL, ${UP_COUNT}`]),
    timeRow(`godwit up, ${UP_COUNT} migrations`, up),
    timeRow(`goose up, ${UP_COUNT} migrations`, gooseUp),
    timeRow(`golang-migrate up, ${UP_COUNT} migrations`, migrateUp),
    ratioRow('godwit / floor', up, floor, { target: TARGET.floor }),
    ratioRow('godwit / floor with history (info)', up, r[`floor + history row, ${UP_COUNT}`]),
    ratioRow('godwit / floor in WAL (info)', up, r[`sqlite3 floor in WAL, ${UP_COUNT}`]),
    ratioRow('godwit / goose', up, gooseUp, { target: TARGET.goose }),
    ratioRow('godwit / golang-migrate (info)', up, migrateUp),
    rssRow(`peak RSS, godwit up ${UP_COUNT}`, upRss, { target: TARGET.rssMb }),
    rssRow(`peak RSS, goose up ${UP_COUNT} (info)`, gooseRss || undefined),
    rssRow(`peak RSS, golang-migrate up ${UP_COUNT} (info)`, migrateRss || undefined),
    timeRow('godwit up, 0 pending (fixed cost)', zero),
    timeRow(`godwit up, ${LINEAR_COUNT} migrations`, r[`godwit up, ${LINEAR_COUNT}`]),
    perRow(`godwit per migration at ${UP_COUNT} (minus fixed cost)`, godwitPer.small),
    perRow(`godwit per migration at ${LINEAR_COUNT} (minus fixed cost)`, godwitPer.large),
    ratioRow(`godwit per migration, ${LINEAR_COUNT} / ${UP_COUNT} (info)`, godwitPer.large, godwitPer.small),
    timeRow(`sqlite3 floor, ${LINEAR_COUNT} migrations`, r[`sqlite3 floor, ${LINEAR_COUNT}`]),
    ratioRow(`floor per migration, ${LINEAR_COUNT} / ${UP_COUNT} (info)`, floorPer.large, floorPer.small),
    ratioRow(`godwit's growth over the floor's (${LINEAR_COUNT} / ${UP_COUNT})`, growth(godwitPer), growth(floorPer), { target: TARGET.linear }),
  ];
  const notes = [
    'every contender runs the same statements, one transaction per migration (goose and golang-migrate wrap each file themselves)',
    'goose uses modernc.org/sqlite (SQLite translated to Go), golang-migrate mattn/go-sqlite3 (cgo), godwit better-sqlite3, the floor the sqlite3 shell',
    'golang-migrate records only the current version (one row) and flips its dirty flag around each migration',
    'godwit commits through WAL with synchronous=FULL (one sync per commit) and puts the file back in DELETE mode when it closes; the floor, goose and golang-migrate use the rollback journal (DELETE: four or five syncs per commit); the WAL floor row runs the floor in godwit\'s mode',
    ...[goose, migrate].filter((t) => t.skip).map((t) => t.skip),
  ];
  const sqliteVersion = run(SQLITE3, ['--version']).stdout.split(' ')[0];
  report('sqlite', {
    build: cli.build,
    title: `SQLite: up (sqlite3 ${sqliteVersion})`,
    runs: RUNS,
    rows,
    notes,
    samples: r,
    peers: Object.fromEntries([['goose', goose.version], ['golang-migrate', migrate.version]].filter(([, v]) => v)),
  });
} finally {
  tmp.cleanup();
}

function fresh(path) {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

/** The version row the floor writes for each migration, like godwit's store row. */
function versionRow(m) {
  return `INSERT INTO godwit_migrations VALUES (${m.version}, '${m.name}', 'checksum', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 0, 'bench@host', 0);`;
}

// A benchmark of a run that did not do the work measures nothing: after every sample, check the
// contender's version table and that the last migration's rows are there.
function query(db, sql) {
  return run(SQLITE3, [db, sql]).stdout.trim().split('\n');
}
function lastTable(db, count) {
  if (count > 0) expectEqual(`${db}: rows in bench_${count}`, query(db, `SELECT count(*) FROM bench_${count};`)[0], '4');
}
function godwitApplied(count, { tables = true } = {}) {
  return (db) => {
    expectEqual(`${db}: clean godwit_migrations rows`, query(db, 'SELECT count(*) FROM godwit_migrations WHERE dirty = 0;')[0], String(count));
    if (tables) lastTable(db, count);
  };
}
function gooseApplied(count) {
  return (db) => {
    expectEqual(`${db}: goose_db_version rows`, query(db, `${GOOSE_APPLIED_SQL};`)[0], String(count));
    lastTable(db, count);
  };
}
function migrateApplied(count) {
  return (db) => {
    expectEqual(`${db}: schema_migrations`, query(db, `${MIGRATE_VERSION_SQL};`)[0], `${count}|0`);
    lastTable(db, count);
  };
}
