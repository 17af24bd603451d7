/** What `createSqliteDriver` accepts. Everything arrives here: the driver never reads the environment. */
export interface SqliteDriverOptions {
  /** Path of the database file (created on the first write if missing), or `:memory:`. */
  path: string;
  /** Version table name; the history table is `<table>_history`, the lock table `<table>_lock`. */
  table?: string;
  /** How long a statement waits for another connection's write lock before SQLITE_BUSY, in ms. */
  busyTimeoutMs?: number;
  /**
   * Not an option: who applied a migration comes from the runner (`ApplyContext.appliedBy`), so a
   * store row and its history row always agree. Declared `never` so passing it fails to compile.
   */
  appliedBy?: never;
}

export const DEFAULT_TABLE = 'godwit_migrations';
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
