/**
 * SQLite benchmark (issue 2's targets):
 * - `godwit up` of 500 generated migrations against the floor: the `sqlite3` shell running the
 *   same statements, each migration in its own BEGIN/COMMIT with a version-row insert. <= 1.5x.
 * - `godwit status` with 1,000 applied, Node start-up included: < 400 ms.
 * - peak RSS of those CLI runs: < 80 MB.
 * Every figure is the median of several runs, each on a fresh database.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  cliBin,
  compare,
  fmt,
  generateMigrations,
  measure,
  peakRssMb,
  printTable,
  requireCli,
  run,
  tempDir,
  verdict,
} from './lib.mjs';

const UP_COUNT = 500;
const STATUS_COUNT = 1000;
const RUNS = Number(process.argv[2] ?? 5); // `node bench/sqlite.mjs 9` for more runs
const TARGET = { ratio: 1.5, statusMs: 400, rssMb: 80 };
const SQLITE3 = existsSync('/usr/bin/sqlite3') ? '/usr/bin/sqlite3' : 'sqlite3';

requireCli();
const tmp = tempDir('godwit-bench-sqlite-');
// --database is always given; drop DATABASE_URL anyway so nothing else can be picked up.
const { DATABASE_URL: _ignored, ...env } = process.env;
const godwit = (args) => run(process.execPath, [cliBin, ...args], { cwd: tmp.dir, env });

try {
  // --- up: 500 migrations -------------------------------------------------------------------
  const upDir = join(tmp.dir, 'migrations-500');
  const migrations = generateMigrations(upDir, UP_COUNT);
  const upDb = join(tmp.dir, 'bench.db');
  const floorDb = join(tmp.dir, 'floor.db');
  const fresh = (path) => () => {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  };

  const storeTable =
    'CREATE TABLE godwit_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL, execution_ms INTEGER NOT NULL, applied_by TEXT NOT NULL, dirty INTEGER NOT NULL);';
  const floorScript = [
    storeTable,
    ...migrations.map((m) =>
      [
        'BEGIN;',
        ...m.up.map((s) => `${s};`),
        versionRow(m),
        'COMMIT;',
      ].join('\n'),
    ),
  ].join('\n');

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
  const floorHistoryDb = join(tmp.dir, 'floor-history.db');

  const upArgs = ['up', '--database', `sqlite:${upDb}`, '--dir', upDir];
  // Alternating runs: this measures disk-bound work, and the disk's speed drifts with whatever
  // else the machine does; the floor and godwit should see the same weather.
  const { floor, floorHistory, up } = await compare(
    {
      floor: { before: fresh(floorDb), run: () => run(SQLITE3, [floorDb], { input: floorScript }).ms },
      floorHistory: { before: fresh(floorHistoryDb), run: () => run(SQLITE3, [floorHistoryDb], { input: floorWithHistoryScript }).ms },
      up: { before: fresh(upDb), run: () => godwit(upArgs).ms },
    },
    { runs: RUNS },
  );
  checkApplied(floorDb, UP_COUNT, 'the sqlite3 floor');
  checkApplied(upDb, UP_COUNT, 'godwit up');
  fresh(upDb)();
  const upRss = peakRssMb(process.execPath, [cliBin, ...upArgs], { cwd: tmp.dir, env });
  checkApplied(upDb, UP_COUNT, 'godwit up (peak RSS run)');

  // --- status: 1,000 applied ----------------------------------------------------------------
  const statusDir = join(tmp.dir, 'migrations-1000');
  generateMigrations(statusDir, STATUS_COUNT);
  const statusDb = join(tmp.dir, 'status.db');
  godwit(['up', '--database', `sqlite:${statusDb}`, '--dir', statusDir]);
  checkApplied(statusDb, STATUS_COUNT, 'godwit up (1,000)');
  const statusArgs = ['status', '--database', `sqlite:${statusDb}`, '--dir', statusDir];
  const statusOut = godwit(statusArgs).stdout;
  if (!statusOut.includes(`version ${STATUS_COUNT}, 0 pending`)) {
    throw new Error(`bench: status did not report ${STATUS_COUNT} applied:\n${statusOut.slice(-500)}`);
  }
  const status = await measure(() => godwit(statusArgs).ms, { runs: Math.max(RUNS, 7) });
  const statusRss = peakRssMb(process.execPath, [cliBin, ...statusArgs], { cwd: tmp.dir, env });

  // --- report ---------------------------------------------------------------------------------
  const ratio = up.median / floor.median;
  const rows = [
    [`sqlite3 floor, ${UP_COUNT} migrations`, fmt.ms(floor.median), '', ''],
    [`godwit up, ${UP_COUNT} migrations`, fmt.ms(up.median), '', ''],
    ['up / floor', fmt.ratio(ratio), `<= ${TARGET.ratio}x`, verdict(ratio, TARGET.ratio)],
    [`floor + history row, ${UP_COUNT}`, fmt.ms(floorHistory.median), '', ''],
    ['up / floor with history (info)', fmt.ratio(up.median / floorHistory.median), '', ''],
    [`godwit status, ${STATUS_COUNT} applied`, fmt.ms(status.median), `< ${TARGET.statusMs} ms`, verdict(status.median, TARGET.statusMs)],
    [`peak RSS, up ${UP_COUNT}`, fmt.mb(upRss), `< ${TARGET.rssMb} MB`, verdict(upRss, TARGET.rssMb)],
    [`peak RSS, status ${STATUS_COUNT}`, fmt.mb(statusRss), `< ${TARGET.rssMb} MB`, verdict(statusRss, TARGET.rssMb)],
  ];
  printTable(`SQLite (median of ${RUNS} runs; node ${process.version}; ${SQLITE3})`, ['measure', 'value', 'target', 'result'], rows);
  console.log(
    `\nsamples (ms): floor ${floor.samples.map((v) => v.toFixed(0)).join(' ')} | up ${up.samples.map((v) => v.toFixed(0)).join(' ')} | status ${status.samples.map((v) => v.toFixed(0)).join(' ')}`,
  );
  const failed = rows.filter((r) => r[3] === 'FAIL').length;
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  tmp.cleanup();
}

/** The version row the floor writes for each migration, like godwit's store row. */
function versionRow(m) {
  return `INSERT INTO godwit_migrations VALUES (${m.version}, '${m.name}', 'checksum', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 0, 'bench@host', 0);`;
}

/** A benchmark of a run that did not do the work measures nothing: check the version rows. */
function checkApplied(db, expected, what) {
  const out = run(SQLITE3, [db, 'SELECT count(*) FROM godwit_migrations WHERE dirty = 0;']).stdout.trim();
  if (Number(out) !== expected) throw new Error(`bench: ${what} recorded ${out} migrations, expected ${expected}`);
}
