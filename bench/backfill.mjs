/**
 * Batched backfill benchmark (issue 17): a 1,000,000-row PostgreSQL table, `name` backfilled from
 * `fullname`,
 * - as one `UPDATE` (psql): its total time, which is also how long it holds every row lock;
 * - with `-- +godwit BATCH size=10000` (`godwit up -v`): its total time, and the longest batch,
 *   measured between consecutive `batch-progress` events: a batch holds its rows' locks only
 *   while it runs, so that is an upper bound on the longest time any row lock was held.
 * Each on a freshly created database. Server: $PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliBin, fmt, printTable, requireCli, run, tempDir } from './lib.mjs';

const ROWS = Number(process.env.GODWIT_BENCH_ROWS ?? 1_000_000);
const SIZE = 10_000;
const BASE = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PSQL = process.env.PSQL ?? 'psql';

requireCli();
const tmp = tempDir('godwit-bench-backfill-');
const psql = (url, args, options = {}) => run(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, ...args], options);
const name = `godwit_bench_backfill_${process.pid}`;
const url = (() => {
  const u = new URL(BASE);
  u.pathname = `/${name}`;
  return u.toString();
})();
const SETUP = `CREATE TABLE users (id bigint PRIMARY KEY, fullname text NOT NULL, name text);
INSERT INTO users SELECT i, 'user ' || i, NULL FROM generate_series(1, ${ROWS}) i;`;
const fresh = () => {
  psql(BASE, ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, '-c', `CREATE DATABASE ${name}`]);
  psql(url, ['-c', SETUP, '-c', 'VACUUM ANALYZE users']);
};

try {
  const reachable = run(PSQL, ['-X', '-q', '-d', BASE, '-c', 'SELECT 1'], { allowFailure: true });
  if (reachable.status !== 0) {
    console.error(`bench: PostgreSQL is unreachable at ${BASE} (set PG_URL):\n${reachable.stderr}`);
    process.exit(1);
  }

  // --- one UPDATE: every row stays locked until it commits ------------------------------------
  fresh();
  const singleMs = psql(url, ['-c', 'UPDATE users SET name = fullname WHERE name IS NULL']).ms;

  // --- batched: godwit up ------------------------------------------------------------------------
  fresh();
  const dir = join(tmp.dir, 'migrations');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '000001_backfill.sql'), `-- +goose Up\n-- +godwit BATCH size=${SIZE}\nUPDATE users SET name = fullname WHERE name IS NULL;\n`);
  const started = performance.now();
  const out = run(process.execPath, [cliBin, '--database', url, '--dir', dir, '-v', '--log-format', 'json', 'up'], { cwd: tmp.dir, env: { ...process.env, DATABASE_URL: '' } });
  const batchedMs = performance.now() - started;
  const events = String(out.stderr ?? '')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .filter((e) => e.event === 'batch-progress');
  const last = events.at(-1);
  if (!last?.finished || last.rowsDone !== ROWS) throw new Error(`bench: the batched backfill did not finish: ${JSON.stringify(last)}`);
  let longest = 0;
  for (let i = 1; i < events.length - 1; i++) longest = Math.max(longest, events[i].elapsedMs - events[i - 1].elapsedMs);
  const left = psql(url, ['-At', '-c', 'SELECT count(*) FROM users WHERE name IS NULL']).stdout.trim();
  if (left !== '0') throw new Error(`bench: ${left} row(s) left without a name after the batched backfill`);

  printTable(
    `backfill of ${ROWS.toLocaleString('en-US')} rows (PostgreSQL)`,
    ['how', 'total', 'longest row lock'],
    [
      ['one UPDATE (psql)', fmt.ms(singleMs), `${fmt.ms(singleMs)} (every row, the whole statement)`],
      [`BATCH size=${SIZE} (${last.batches} batches, godwit up)`, fmt.ms(batchedMs), `<= ${fmt.ms(longest)} (the longest batch)`],
    ],
  );
  console.log(`batched / single: ${(batchedMs / singleMs).toFixed(2)}x the time; the longest lock ${(singleMs / Math.max(longest, 1)).toFixed(0)}x shorter`);
} finally {
  run(PSQL, ['-X', '-q', '-d', BASE, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { allowFailure: true });
  tmp.cleanup();
}
