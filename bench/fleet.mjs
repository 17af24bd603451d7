/**
 * Fleet benchmark (issue 16): `godwit fleet up` of TARGETS SQLite tenant databases x MIGRATIONS
 * migrations, at concurrency 1, 4 and 16 (SQLite targets on worker threads: 4 by default), and
 * 16 with `--threads 8` (more memory for more parallel disk writes), each on fresh tenant files:
 * - wall time, and the speed-up of concurrency 16 over 1 (target >= 3x);
 * - peak RSS of the fleet process (target < 150 MB at 1,000 targets, with the default threads);
 * - the per-target cost inside the fleet against a single-database `godwit up` of the same folder
 *   (its median wall time, Node start-up included: what a shell loop over the tenants would pay).
 * `node bench/fleet.mjs [targets] [migrations]` (default 1000 20); figures from one run each,
 * since a run already averages over every target.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliBin, fmt, generateMigrations, measure, peakRssMb, printTable, requireCli, run, tempDir, verdict } from './lib.mjs';

const TARGETS = Number(process.argv[2] ?? 1000);
const MIGRATIONS = Number(process.argv[3] ?? 20);
/** concurrency, and --threads when not the default */
const LEVELS = [{ concurrency: 1 }, { concurrency: 4 }, { concurrency: 16 }, { concurrency: 16, threads: 8 }];
const TARGET = { speedup: 3, rssMb: 150 };

requireCli();
// GODWIT_BENCH_CLI: another build of the binary (a copy of apps/cli/dist from before a change), to compare.
const bin = process.env.GODWIT_BENCH_CLI ?? cliBin;
const tmp = tempDir('godwit-bench-fleet-');
const { DATABASE_URL: _ignored, ...env } = process.env;

try {
  const dir = join(tmp.dir, 'migrations');
  generateMigrations(dir, MIGRATIONS);

  // One database, one process: the cost a loop over `godwit up` pays per tenant.
  const single = await measure(
    () => {
      run(process.execPath, [bin, 'up', '-q', '--dir', dir, '--database', 'sqlite:./single.db'], { cwd: tmp.dir, env });
    },
    { runs: 5, before: () => rmSync(join(tmp.dir, 'single.db'), { force: true }) },
  );

  const results = [];
  for (const { concurrency, threads } of LEVELS) {
    const runDir = join(tmp.dir, `c${concurrency}-t${threads ?? 'default'}`);
    mkdirSync(join(runDir, 'tenants'), { recursive: true });
    const lines = Array.from({ length: TARGETS }, (_, i) => `sqlite:./tenants/t${i}.db`);
    writeFileSync(join(runDir, 'targets.txt'), `${lines.join('\n')}\n`);
    const extra = threads === undefined ? [] : ['--threads', String(threads)];
    const started = performance.now();
    const rssMb = peakRssMb(
      process.execPath,
      [bin, 'fleet', 'up', '-q', '--dir', dir, '--targets', 'targets.txt', '--concurrency', String(concurrency), ...extra, '--json'],
      { cwd: runDir, env },
    );
    const wallMs = performance.now() - started;
    results.push({ concurrency, threads, wallMs, rssMb });
    rmSync(runDir, { recursive: true, force: true });
  }

  const one = results[0];
  const sixteen = results.find((r) => r.concurrency === 16 && r.threads === undefined);
  const wide = results.find((r) => r.threads !== undefined);
  const speedup = one.wallMs / sixteen.wallMs;
  // the target is for the defaults; --threads 8 is the trade-off shown beside it
  const peak = Math.max(...results.filter((r) => r.threads === undefined).map((r) => r.rssMb));
  printTable(
    `godwit fleet up: ${TARGETS} SQLite tenants x ${MIGRATIONS} migrations`,
    ['concurrency', 'threads', 'wall', 'per target', 'peak RSS'],
    results.map((r) => [String(r.concurrency), r.threads === undefined ? 'default' : String(r.threads), fmt.ms(r.wallMs), fmt.ms(r.wallMs / TARGETS), fmt.mb(r.rssMb)]),
  );
  printTable('targets', ['measure', 'value', 'target', 'verdict'], [
    ['speed-up, concurrency 16 over 1', fmt.ratio(speedup), `>= ${TARGET.speedup}x`, verdict(speedup, TARGET.speedup, { atLeast: true })],
    [`peak RSS at ${TARGETS} targets (default threads)`, fmt.mb(peak), `< ${TARGET.rssMb} MB`, verdict(peak, TARGET.rssMb)],
    ['speed-up, concurrency 16 --threads 8 over 1', fmt.ratio(one.wallMs / wide.wallMs), '-', `${fmt.mb(wide.rssMb)} peak`],
    ['single-database `godwit up` (median of 5, process included)', fmt.ms(single.median), '-', '-'],
    ['fleet per target at concurrency 1 (process start shared)', fmt.ms(one.wallMs / TARGETS), '-', '-'],
  ]);
  if (verdict(peak, TARGET.rssMb) === 'FAIL') process.exitCode = 1;
} finally {
  tmp.cleanup();
}
