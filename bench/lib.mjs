/**
 * Shared helpers for the benchmark scripts (bench/<kind>.mjs): generated migration folders,
 * timing with repeated, interleaved runs (median and minimum), peak RSS of a child process, and a
 * result table. Plain ESM, no dependencies: the bench runs against the built CLI, like a user would
 * (the peers it compares with are root devDependencies and bench/go-tools.mjs's Go binaries).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const cliBin = join(repoRoot, 'apps/cli/dist/bin.js');

/** Stops with a clear message when the CLI has not been built. */
export function requireCli() {
  if (!existsSync(cliBin)) {
    console.error(`bench: ${cliBin} is missing; build first: pnpm build`);
    process.exit(1);
  }
}

/**
 * A short hash of the built code the CLI runs (apps/cli/dist and every packages/<name>/dist under
 * `root`), to tell builds apart: which one a report measured, and whether a copy is whole.
 */
export function cliBuild(root = repoRoot) {
  const hash = createHash('sha256');
  const dists = [join(root, 'apps/cli/dist'), ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'dist'))];
  for (const dist of dists.filter((d) => existsSync(d))) {
    for (const file of readdirSync(dist, { recursive: true }).map(String).sort()) {
      if (!file.endsWith('.js') && !file.endsWith('.mjs') && !file.endsWith('.json')) continue;
      hash.update(file);
      hash.update(readFileSync(join(dist, file)));
    }
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * The bin script of a root devDependency (the Node peers, e.g. `node-pg-migrate`), run with
 * `node <script>` exactly as Godwit's CLI is; undefined when it is not installed.
 */
export function packageBin(name) {
  const dir = join(repoRoot, 'node_modules', name);
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return undefined;
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  return join(dir, typeof bin === 'string' ? bin : bin[name]);
}

/** The installed version of a root devDependency, for the report. */
export function packageVersion(name) {
  return JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
}

export function tempDir(prefix = 'godwit-bench-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The default migration N: creates a table and inserts a few rows. Returns the up statements
 * (without `;`) and the down statements, so a floor can run exactly the same SQL.
 */
export function sqlTableMigration(n) {
  const table = `bench_${n}`;
  return {
    up: [
      `CREATE TABLE ${table} (id INTEGER PRIMARY KEY, label TEXT NOT NULL, amount INTEGER NOT NULL)`,
      `INSERT INTO ${table} (label, amount) VALUES ('alpha', ${n}), ('beta', ${n * 2}), ('gamma', ${n * 3})`,
      `INSERT INTO ${table} (label, amount) VALUES ('delta', ${n * 4})`,
    ],
    down: [`DROP TABLE ${table}`],
  };
}

/**
 * Writes `count` goose-format migrations (`000001_bench_1.sql` ...) into `dir`, made by
 * `render(n)` (default: sqlTableMigration). Returns one entry per migration with its version,
 * name and statements. `render` may return `{ files }` instead to write other formats (e.g.
 * MongoDB `.up.json` files): then `files` maps file names to contents.
 */
export function generateMigrations(dir, count, render = sqlTableMigration) {
  mkdirSync(dir, { recursive: true });
  const out = [];
  for (let n = 1; n <= count; n++) {
    const version = n;
    const name = `bench_${n}`;
    const m = render(n);
    if (m.files) {
      for (const [file, text] of Object.entries(m.files)) writeFileSync(join(dir, file), text);
    } else {
      const text = `-- +goose Up\n${m.up.map((s) => `${s};\n`).join('')}\n-- +goose Down\n${m.down.map((s) => `${s};\n`).join('')}`;
      writeFileSync(join(dir, `${String(version).padStart(6, '0')}_${name}.sql`), text);
    }
    out.push({ version, name, ...m });
  }
  return out;
}

/**
 * Runs a command to completion and returns its wall time in ms. Fails loudly on a non-zero
 * exit: a benchmark of a failing command measures nothing.
 */
export function run(command, args, options = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  const ms = performance.now() - started;
  if (result.error) throw result.error;
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(
      `bench: ${command} ${args.join(' ')} exited with ${result.status ?? result.signal}\n${(result.stderr ?? '').slice(-2000)}`,
    );
  }
  return { ms, status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/**
 * Times `fn` `runs` times (after `warmup` untimed runs) and returns the median, the minimum and
 * every sample. `before` runs ahead of each sample, untimed (e.g. to delete the database of the
 * previous run). `fn` returns the ms it measured itself, or nothing to be timed from outside.
 */
export async function measure(fn, { runs = 5, warmup = 1, before } = {}) {
  const { only } = await compare({ only: { before, run: fn } }, { runs, warmup });
  return only;
}

/**
 * Times several cases round by round (a, b, c, a, b, c, ...) after `warmup` untimed rounds, so
 * that a machine that gets busier or quieter during the run affects them alike, which keeps their
 * ratios honest. Each case is `{ run, before?, after? }`: `before` (e.g. give it a fresh
 * database) and `after` (e.g. check it applied everything) run untimed around every sample,
 * warm-up included. Returns `{ [name]: { median, min, samples } }`.
 */
export async function compare(cases, { runs = 5, warmup = 1 } = {}) {
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let i = 0; i < warmup + runs; i++) {
    for (const [name, c] of Object.entries(cases)) {
      if (c.before) await c.before(i);
      const started = performance.now();
      const own = await c.run(i);
      const ms = typeof own === 'number' ? own : performance.now() - started;
      if (c.after) await c.after(i);
      if (i >= warmup) samples[name].push(ms);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, { median: median(s), min: Math.min(...s), samples: s }]));
}

/** Rounds per bench (samples per contender): GODWIT_BENCH_RUNS, else `fallback`. */
export function benchRuns(fallback = 5) {
  const runs = Number(process.env.GODWIT_BENCH_RUNS ?? fallback);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('bench: GODWIT_BENCH_RUNS must be a positive integer');
  return runs;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const GNU_TIME = '/usr/bin/time';
const RSS_PRELOAD = fileURLToPath(new URL('./rss-preload.mjs', import.meta.url));

/**
 * Peak resident set size of a child process, in MB. Uses GNU time (`-f %M`, kilobytes) when
 * installed; otherwise, for `node` commands, a preload that reports process.resourceUsage().maxRSS
 * when the process exits.
 */
export function peakRssMb(command, args, options = {}) {
  if (existsSync(GNU_TIME)) {
    const result = run(GNU_TIME, ['-f', 'GODWIT_BENCH_MAXRSS=%M', command, ...args], options);
    const kb = /GODWIT_BENCH_MAXRSS=(\d+)/.exec(result.stderr)?.[1];
    if (kb === undefined) throw new Error(`bench: ${GNU_TIME} did not report the peak RSS`);
    return Number(kb) / 1024;
  }
  if (command !== process.execPath && command !== 'node') {
    throw new Error(`bench: cannot measure the peak RSS of ${command} without ${GNU_TIME}`);
  }
  const report = join(tmpdir(), `godwit-bench-rss-${process.pid}-${Date.now()}.txt`);
  try {
    run(command, ['--import', RSS_PRELOAD, ...args], {
      ...options,
      env: { ...process.env, ...options.env, GODWIT_BENCH_RSS_FILE: report },
    });
    return Number(readFileSync(report, 'utf8')) / 1024;
  } finally {
    rmSync(report, { force: true });
  }
}

/** A benchmark of a run that did not do the work measures nothing: fail loudly when `got` is off. */
export function expectEqual(what, got, want) {
  if (got !== want) throw new Error(`bench: ${what}: got ${got}, expected ${want}`);
}

/** `PASS` when `value` meets the target (`value <= target`, or `>=` with `atLeast`). */
export function verdict(value, target, { atLeast = false } = {}) {
  return (atLeast ? value >= target : value <= target) ? 'PASS' : 'FAIL';
}

export const fmt = {
  ms: (v) => `${v.toFixed(0)} ms`,
  mb: (v) => `${v.toFixed(1)} MB`,
  ratio: (v) => `${v.toFixed(2)}x`,
};

/** Prints rows (arrays of cells) as an aligned table under `title`. */
export function printTable(title, header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]?.length ?? 0)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(`\n${title}`);
  console.log(line(all[0]));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of all.slice(1)) console.log(line(r));
}
