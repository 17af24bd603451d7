/**
 * Fleet benchmark (issue 16): `godwit fleet up` of TARGETS SQLite tenant databases x MIGRATIONS
 * migrations, at concurrency 1, 4 and 16, each run on fresh tenant files:
 * - wall time, and the speed-up of concurrency 16 over 1 (target >= 3x);
 * - peak RSS of the fleet process (target < 150 MB at 1,000 targets);
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
const LEVELS = [1, 4, 16];
const TARGET = { speedup: 3, rssMb: 150 };

requireCli();
const tmp = tempDir('godwit-bench-fleet-');
const { DATABASE_URL: _ignored, ...env } = process.env;

try {
  const dir = join(tmp.dir, 'migrations');
  generateMigrations(dir, MIGRATIONS);

  // One database, one process: the cost a loop over `godwit up` pays per tenant.
  const single = await measure(
    () => {
      run(process.execPath, [cliBin, 'up', '-q', '--dir', dir, '--database', 'sqlite:./single.db'], { cwd: tmp.dir, env });
    },
    { runs: 5, before: () => rmSync(join(tmp.dir, 'single.db'), { force: true }) },
  );

  const results = [];
  for (const concurrency of LEVELS) {
    const runDir = join(tmp.dir, `c${concurrency}`);
    mkdirSync(join(runDir, 'tenants'), { recursive: true });
    const lines = Array.from({ length: TARGETS }, (_, i) => `sqlite:./tenants/t${i}.db`);
    writeFileSync(join(runDir, 'targets.txt'), `${lines.join('\n')}\n`);
    const started = performance.now();
    const rssMb = peakRssMb(
      process.execPath,
      [cliBin, 'fleet', 'up', '-q', '--dir', dir, '--targets', 'targets.txt', '--concurrency', String(concurrency), '--json'],
      { cwd: runDir, env },
    );
    const wallMs = performance.now() - started;
    results.push({ concurrency, wallMs, rssMb });
    rmSync(runDir, { recursive: true, force: true });
  }

  const one = results[0];
  const sixteen = results.find((r) => r.concurrency === 16);
  const speedup = one.wallMs / sixteen.wallMs;
  const peak = Math.max(...results.map((r) => r.rssMb));
  printTable(
    `godwit fleet up: ${TARGETS} SQLite tenants x ${MIGRATIONS} migrations`,
    ['concurrency', 'wall', 'per target', 'peak RSS'],
    results.map((r) => [String(r.concurrency), fmt.ms(r.wallMs), fmt.ms(r.wallMs / TARGETS), fmt.mb(r.rssMb)]),
  );
  printTable('targets', ['measure', 'value', 'target', 'verdict'], [
    ['speed-up, concurrency 16 over 1', fmt.ratio(speedup), `>= ${TARGET.speedup}x`, verdict(speedup, TARGET.speedup, { atLeast: true })],
    [`peak RSS at ${TARGETS} targets`, fmt.mb(peak), `< ${TARGET.rssMb} MB`, verdict(peak, TARGET.rssMb)],
    ['single-database `godwit up` (median of 5, process included)', fmt.ms(single.median), '-', '-'],
    ['fleet per target at concurrency 1 (process start shared)', fmt.ms(one.wallMs / TARGETS), '-', '-'],
  ]);
  if (verdict(peak, TARGET.rssMb) === 'FAIL') process.exitCode = 1;
} finally {
  tmp.cleanup();
}
