/**
 * PostgreSQL large-file benchmark (issue 10, item 3): preparing one big migration file must be
 * linear in its size. Target: a 50 MB file of 500,000 statements prepared in < 10 s and < 300 MB
 * peak RSS.
 *
 * For each size (default 1, 10 and 50 MB; `GODWIT_BENCH_SIZES=1,2,4` to choose) it writes one
 * goose file of one INSERT per line (~100 bytes each) and measures, in separate processes:
 * - prepare: the driver's prepare in-process (folder source + createPostgresDriver().prepare,
 *   nothing connects), which isolates statement splitting from the CLI's start and output;
 * - cli: `godwit up --dry-run` against a database created (and dropped) for the purpose, which
 *   prepares and prints every statement (stdout goes to a file, then its statements are counted).
 * Each figure is the median of GODWIT_BENCH_RUNS runs (default 1: every run is a big file), with
 * the wall time, the peak RSS and the ms per MB, so that linearity is visible across the sizes.
 * GODWIT_BENCH_TIMEOUT (seconds, default 600) stops a run that takes longer; it is reported as such.
 * GODWIT_BENCH_MODES=prepare (or cli) measures one of the two; GODWIT_BENCH_DRIVER=<file> has the
 * prepare child import another build of the driver (e.g. one of an older commit) to compare.
 * Server: $PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 *
 * `node bench/postgres-large-files.mjs --prepare-child <dir>` is the in-process child.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliBin, fmt, median, printTable, repoRoot, requireCli, run, tempDir, verdict } from './lib.mjs';

const STATEMENT_BYTES = 100;
const TARGET = { sizeMb: 50, ms: 10_000, rssMb: 300 };
const GNU_TIME = '/usr/bin/time';
const RSS_PRELOAD = fileURLToPath(new URL('./rss-preload.mjs', import.meta.url));

if (process.argv[2] === '--prepare-child') {
  await prepareChild(process.argv[3]);
} else {
  await main();
}

async function main() {
  const SIZES = (process.env.GODWIT_BENCH_SIZES ?? '1,10,50').split(',').map(Number);
  const RUNS = Number(process.env.GODWIT_BENCH_RUNS ?? 1);
  const TIMEOUT_MS = Number(process.env.GODWIT_BENCH_TIMEOUT ?? 600) * 1000;
  const MODES = (process.env.GODWIT_BENCH_MODES ?? 'prepare,cli').split(',');
  const BASE = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const PSQL = process.env.PSQL ?? 'psql';

  requireCli();
  const driverDist = join(repoRoot, 'packages/driver-postgres/dist/index.js');
  if (!existsSync(driverDist)) {
    console.error(`bench: ${driverDist} is missing; build first: pnpm build`);
    process.exit(1);
  }
  const tmp = tempDir('godwit-bench-pg-large-');
  const database = `godwit_bench_large_${process.pid}`;
  const url = new URL(BASE);
  url.pathname = `/${database}`;
  const psql = (args, options = {}) => run(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', BASE, ...args], options);
  const env = { ...process.env, DATABASE_URL: '' };
  const rows = [];
  let failed = false;
  try {
    if (MODES.includes('cli')) {
      const reachable = run(PSQL, ['-X', '-q', '-d', BASE, '-c', 'SELECT 1'], { allowFailure: true });
      if (reachable.status !== 0) {
        console.error(`bench: PostgreSQL is unreachable at ${BASE} (set PG_URL):\n${reachable.stderr}`);
        process.exit(1);
      }
      psql(['-c', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`, '-c', `CREATE DATABASE ${database}`]);
    }
    for (const sizeMb of SIZES) {
      const dir = join(tmp.dir, `${sizeMb}mb`);
      const { statements, bytes } = writeLargeFile(dir, sizeMb);
      const mb = bytes / 1024 / 1024;
      const label = `${sizeMb} MB, ${statements.toLocaleString('en-US')} statements`;
      for (const mode of MODES) {
        const samples = [];
        for (let i = 0; i < RUNS; i++) {
          const out = join(tmp.dir, 'stdout.txt');
          const args =
            mode === 'prepare'
              ? [fileURLToPath(import.meta.url), '--prepare-child', dir]
              : [cliBin, 'up', '--dry-run', '--database', url.toString(), '--dir', dir];
          const r = timedWithRss(args, { cwd: tmp.dir, env, timeout: TIMEOUT_MS, stdoutFile: out });
          if (r.error) {
            samples.push(r);
            break;
          }
          const text = readFileSync(out, 'utf8');
          const got = mode === 'prepare' ? JSON.parse(text).statements : countDryRunStatements(text);
          rmSync(out, { force: true });
          if (got !== statements) {
            samples.push({ error: `prepared ${got} statements, expected ${statements}` });
            break;
          }
          samples.push(r);
        }
        const bad = samples.find((s) => s.error);
        if (bad) {
          failed = true;
          rows.push([label, mode, bad.error.split('\n')[0].slice(0, 100), '', '', '']);
          continue;
        }
        const ms = median(samples.map((s) => s.ms));
        const rss = Math.max(...samples.map((s) => s.rssMb));
        const atTarget = Math.round(sizeMb) === TARGET.sizeMb;
        const result = atTarget ? [verdict(ms, TARGET.ms), verdict(rss, TARGET.rssMb)].includes('FAIL') ? 'FAIL' : 'PASS' : '';
        if (result === 'FAIL') failed = true;
        rows.push([label, mode, fmt.ms(ms), fmt.mb(rss), `${(ms / mb).toFixed(0)} ms/MB`, result]);
      }
      rmSync(dir, { recursive: true, force: true });
    }
    printTable(
      `PostgreSQL large migration files (median of ${RUNS} run(s); target at ${TARGET.sizeMb} MB: < ${TARGET.ms / 1000} s, < ${TARGET.rssMb} MB; node ${process.version})`,
      ['file', 'what', 'time', 'peak RSS', 'per MB', 'result'],
      rows,
    );
    console.log('\nprepare: folder source + driver prepare in one process; cli: godwit up --dry-run (prepares and prints every statement)');
    process.exitCode = failed ? 1 : 0;
  } finally {
    if (MODES.includes('cli')) psql(['-c', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`], { allowFailure: true });
    tmp.cleanup();
  }
}

/**
 * `000001_large.sql` in `dir`: a CREATE TABLE, then one INSERT per line until the file holds
 * `sizeMb` MB, then a Down part. Returns the number of up statements and the file's size.
 */
function writeLargeFile(dir, sizeMb) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '000001_large.sql');
  const fd = openSync(file, 'w');
  const target = sizeMb * 1024 * 1024;
  let bytes = 0;
  let statements = 0;
  const write = (s) => {
    bytes += Buffer.byteLength(s);
    writeSync(fd, s);
  };
  try {
    write('-- +goose Up\nCREATE TABLE bench_large (id bigint PRIMARY KEY, label text NOT NULL, amount integer NOT NULL, note text);\n');
    statements++;
    let batch = '';
    for (let n = 1; bytes + batch.length < target; n++) {
      const head = `INSERT INTO bench_large (id, label, amount, note) VALUES (${n}, 'label ${n}', ${n % 100_000}, '`;
      const line = `${head}${'x'.repeat(Math.max(1, STATEMENT_BYTES - head.length - 4))}');\n`;
      batch += line;
      statements++;
      if (batch.length > 1 << 20) {
        write(batch);
        batch = '';
      }
    }
    write(batch);
    write('\n-- +goose Down\nDROP TABLE bench_large;\n');
  } finally {
    closeSync(fd);
  }
  return { statements, bytes };
}

/** The dry run prints each statement under a `file:line` heading. */
function countDryRunStatements(text) {
  let count = 0;
  for (let i = text.indexOf('000001_large.sql:'); i >= 0; i = text.indexOf('000001_large.sql:', i + 1)) count++;
  return count;
}


/**
 * Runs `node ...args` once: wall time, peak RSS (GNU time, else lib's preload) and stdout written
 * to `stdoutFile`. A failure or a timeout is returned as `{ error }`.
 */
function timedWithRss(args, { cwd, env, timeout, stdoutFile }) {
  const report = join(cwd, `rss-${process.pid}.txt`);
  const fd = openSync(stdoutFile, 'w');
  try {
    const useTime = existsSync(GNU_TIME);
    // GNU time's child is `timeout`, so that a run over time is killed itself, not only its parent.
    const seconds = String(Math.ceil(timeout / 1000));
    const [command, argv, childEnv] = useTime
      ? [GNU_TIME, ['-f', 'GODWIT_BENCH_MAXRSS=%M', 'timeout', '-s', 'KILL', seconds, process.execPath, ...args], env]
      : [process.execPath, ['--import', RSS_PRELOAD, ...args], { ...env, GODWIT_BENCH_RSS_FILE: report }];
    let r;
    try {
      r = run(command, argv, { cwd, env: childEnv, timeout: timeout + 5000, killSignal: 'SIGKILL', allowFailure: true, stdio: ['ignore', fd, 'pipe'] });
    } catch (e) {
      if (e.code === 'ETIMEDOUT') return { error: `timed out after ${seconds} s` };
      throw e;
    }
    if (r.ms >= timeout) return { error: `timed out after ${seconds} s` };
    const kb = useTime ? Number(/GODWIT_BENCH_MAXRSS=(\d+)/.exec(r.stderr)?.[1]) : Number(readFileSync(report, 'utf8'));
    if (r.status !== 0) {
      const said = r.stderr
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('GODWIT_BENCH_MAXRSS=') && !l.startsWith('Command exited with'));
      return { error: `failed after ${fmt.ms(r.ms)} at ${fmt.mb(kb / 1024)}: ${said[0] ?? `exit ${r.status}`}` };
    }
    return { ms: r.ms, rssMb: kb / 1024 };
  } finally {
    closeSync(fd);
    rmSync(report, { force: true });
  }
}

/** The child of the `prepare` figure: lists and loads the folder, then prepares its up part. */
async function prepareChild(dir) {
  const core = await import(pathToFileURL(join(repoRoot, 'packages/core/dist/index.js')).href);
  const driverFile = process.env.GODWIT_BENCH_DRIVER ?? join(repoRoot, 'packages/driver-postgres/dist/index.js');
  const { createPostgresDriver } = await import(pathToFileURL(driverFile).href);
  const driver = createPostgresDriver({ url: 'postgres://postgres@127.0.0.1:5432/never_connected' });
  const [migration] = await core.createFolderSource({ dir }).list();
  const loaded = await migration.load();
  const step = await driver.prepare(migration, loaded, 'up');
  await driver.close();
  process.stdout.write(JSON.stringify({ statements: step.statements.length, last: step.statements.at(-1)?.line }));
}
