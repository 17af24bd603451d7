/**
 * The limits a session is asked to keep, and which of them SQLite can keep.
 *
 * `--statement-timeout` cannot be kept, so it is refused rather than ignored. better-sqlite3
 * (12.x) runs a statement synchronously on the calling thread and offers nothing to stop it: it
 * does not bind `sqlite3_interrupt`, its SQLite is compiled with SQLITE_OMIT_PROGRESS_CALLBACK (so
 * not even a loadable extension could install a progress handler), and its `timeout` option is
 * the busy timeout (waiting for another connection's lock), not a time limit on work. Running the
 * statement in a worker thread does not help either: `worker.terminate()`, and even
 * `process.exit()`, wait until the native call returns, and a worker's connection could not share
 * the transaction in which the store rows commit with the statements.
 *
 * `lockTimeoutMs` is accepted: it bounds the wait for the runner lock (the locker polls against
 * it), and a statement's wait for another connection's write lock is bounded by the driver's
 * `busyTimeoutMs`.
 */
import { GodwitError } from '@godwit/core';

/** The limits asked for (core's StatementLimits, or an ApplyContext: both have these fields). */
export interface ExecLimits {
  /** per-statement limit, ms (0 or undefined: none) */
  statementTimeoutMs?: number | undefined;
  /** limit on waiting for locks, ms */
  lockTimeoutMs?: number | undefined;
}

/**
 * Throws GodwitError USAGE when the limits ask for something SQLite cannot enforce. Call it before
 * opening a session or transaction for a step, so the refusal comes before anything runs.
 */
export function checkLimits(limits: ExecLimits): void {
  const ms = limits.statementTimeoutMs;
  if (ms !== undefined && ms > 0) {
    throw new GodwitError(
      'USAGE',
      '--statement-timeout is not supported on SQLite: better-sqlite3 runs each statement to completion and cannot interrupt it',
      {
        hint: 'drop --statement-timeout (statementTimeoutMs) for SQLite databases; --timeout is checked between statements, so split long-running statements into smaller ones',
        data: { option: 'statementTimeoutMs', value: ms },
      },
    );
  }
}
