/**
 * The names of a store's tables (or collections), derived from the one `table` option. Every
 * driver and plugin derives them here, so the lock table a backup skips is the one the driver
 * writes.
 */
export const DEFAULT_TABLE = 'godwit_migrations';

export interface StoreTableNames {
  /** one record per applied version */
  versions: string;
  /** the audit trail */
  history: string;
  /** the runners' lock, where the lock is a row or document (SQLite, MongoDB) */
  lock: string;
}

/** `godwit_migrations` -> versions, `godwit_migrations_history`, `godwit_migrations_lock`. */
export function storeTableNames(table: string): StoreTableNames {
  return { versions: table, history: `${table}_history`, lock: `${table}_lock` };
}
