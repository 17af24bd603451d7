/**
 * Schema inspection benchmark (issue 15's target): `inspect()` of a PostgreSQL schema of 500
 * tables (each with 6 columns, a primary key, a foreign key to the previous table, a check, an
 * index and a comment; plus 50 views, 50 functions and an enum) takes under 1 s. The figure is
 * the median of several calls on an open connection, after one warm-up call; the first call
 * (connecting included) is shown too. Server: $PG_URL (default postgres://postgres@127.0.0.1:5432/postgres);
 * the benchmark creates and drops its own database there.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmt, median, printTable, repoRoot, run, verdict } from './lib.mjs';

const TABLES = 500;
const RUNS = Number(process.env.GODWIT_BENCH_RUNS ?? 7);
const TARGET_MS = 1000;
const BASE = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PSQL = process.env.PSQL ?? 'psql';
const driverEntry = join(repoRoot, 'packages/driver-postgres/dist/index.js');
if (!existsSync(driverEntry)) {
  console.error(`bench: ${driverEntry} is missing; build first: pnpm build`);
  process.exit(1);
}
const { createPostgresDriver } = await import(pathToFileURL(driverEntry).href);

const name = `godwit_bench_inspect_${process.pid}`;
const url = (() => {
  const u = new URL(BASE);
  u.pathname = `/${name}`;
  return u.toString();
})();
const psql = (target, args, options = {}) => run(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', target, ...args], options);

function schemaSql() {
  const out = ["CREATE TYPE bench_state AS ENUM ('new', 'paid', 'sent');"];
  for (let n = 1; n <= TABLES; n++) {
    const ref = n > 1 ? `, parent_id bigint REFERENCES bench_${n - 1} (id) ON DELETE CASCADE` : ', parent_id bigint';
    out.push(
      `CREATE TABLE bench_${n} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text NOT NULL DEFAULT '', amount numeric(12,2) CHECK (amount >= 0), state bench_state DEFAULT 'new', created_at timestamptz NOT NULL DEFAULT now()${ref});`,
      `CREATE INDEX bench_${n}_label ON bench_${n} (lower(label));`,
      `COMMENT ON COLUMN bench_${n}.amount IS 'in cents';`,
    );
    if (n % 10 === 0) {
      out.push(`CREATE VIEW bench_view_${n} AS SELECT id, label FROM bench_${n} WHERE amount > 0;`);
      out.push(`CREATE FUNCTION bench_fn_${n}(x int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT x + ${n} $$;`);
    }
  }
  return out.join('\n');
}

const reachable = run(PSQL, ['-X', '-q', '-d', BASE, '-c', 'SELECT 1'], { allowFailure: true });
if (reachable.status !== 0) {
  console.error(`bench: PostgreSQL is unreachable at ${BASE} (set PG_URL):\n${reachable.stderr}`);
  process.exit(1);
}
psql(BASE, ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, '-c', `CREATE DATABASE ${name}`]);
const driver = createPostgresDriver({ url });
try {
  psql(url, ['-f', '-'], { input: schemaSql() });
  let t = performance.now();
  const first = await driver.inspect();
  const firstMs = performance.now() - t;
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    const s = await driver.inspect();
    samples.push(performance.now() - t);
    if (s.objects.length !== first.objects.length) throw new Error('bench: two inspections of the same schema differ');
  }
  const tables = first.objects.filter((o) => o.type === 'table').length;
  if (tables !== TABLES) throw new Error(`bench: inspect saw ${tables} tables, expected ${TABLES}`);
  const ms = median(samples);
  printTable(
    `inspect() of a PostgreSQL schema: ${TABLES} tables, ${first.objects.length} objects (median of ${RUNS})`,
    ['measure', 'value', 'target', 'verdict'],
    [
      ['inspect (open connection)', fmt.ms(ms), `< ${TARGET_MS} ms`, verdict(ms, TARGET_MS)],
      ['first inspect (connecting included)', fmt.ms(firstMs), '-', '-'],
    ],
  );
  if (ms > TARGET_MS) process.exitCode = 1;
} finally {
  await driver.close();
  psql(BASE, ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
}
