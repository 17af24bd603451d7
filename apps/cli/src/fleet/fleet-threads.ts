/**
 * How many worker threads run a fleet's SQLite targets. better-sqlite3 is synchronous: a commit's
 * fsync blocks the thread it runs on, so in one thread SQLite targets cannot overlap their disk
 * writes whatever the concurrency; on N threads, N can. Each thread is a V8 isolate of its own,
 * ~14-20 MB measured while it works (docs/fleet.md), and starting one costs about as much as a few targets.
 */

/**
 * The default cap, by memory: at 1,000 targets x 20 migrations a fleet process peaked at 121-123
 * MB with 3 threads and 139-149 MB with 4 (target < 150 MB: too close), for ~10% more speed.
 */
export const DEFAULT_MAX_THREADS = 3;

/** Below this many SQLite targets per thread, starting the thread costs more than it saves. */
export const MIN_TARGETS_PER_THREAD = 8;

/**
 * `--threads N` as given (never more threads than targets); by default, for a job that writes
 * (jobs/index.ts), one per running target, at most DEFAULT_MAX_THREADS and one per
 * MIN_TARGETS_PER_THREAD targets, and none for a read-only job. Fewer than 2 threads gain
 * nothing over this thread: 0 then.
 */
export function threadCount(sqliteTargets: number, concurrency: number, threads: number | undefined, writes: boolean): number {
  const byDefault = writes ? Math.min(concurrency, DEFAULT_MAX_THREADS, Math.floor(sqliteTargets / MIN_TARGETS_PER_THREAD)) : 0;
  const n = threads !== undefined ? Math.min(threads, sqliteTargets) : byDefault;
  return n >= 2 ? n : 0;
}
