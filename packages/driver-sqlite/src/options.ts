/** What `createSqliteDriver` accepts. Everything arrives here: the driver never reads the environment. */
export interface SqliteDriverOptions {
  /** Path of the database file (created on the first write if missing), or `:memory:`. */
  path: string;
  /** Version table name; the history table is `<table>_history`, the lock table `<table>_lock`. */
  table?: string;
  /** How long a statement waits for another connection's write lock before SQLITE_BUSY, in ms. */
  busyTimeoutMs?: number;
  /**
   * How long the runner lock lives without a refresh, in ms (default 30000). The holder refreshes
   * it on a timer; a runner that crashed stops refreshing, and once the lease has expired its lock
   * is taken over whatever its process id seems to say. Keep it above the longest statement of a
   * migration that runs outside a transaction (a running statement blocks the refresh timer).
   */
  lockTtlMs?: number;
  /** How often a held lock is refreshed, in ms (default 10000, or a third of `lockTtlMs` if less); must be below `lockTtlMs`. */
  lockRefreshMs?: number;
  /**
   * Not an option: who applied a migration comes from the runner (`ApplyContext.appliedBy`), so a
   * store row and its history row always agree. Declared `never` so passing it fails to compile.
   */
  appliedBy?: never;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
export const DEFAULT_LOCK_TTL_MS = 30_000;
export const DEFAULT_LOCK_REFRESH_MS = 10_000;
