/**
 * goose v3 (Go; bench/go-tools.mjs builds it): runs the generated goose-format folder as it is,
 * each migration in its own transaction, with one goose_db_version row per migration.
 */

/** goose's name for each driver. */
export const GOOSE_DIALECT = { sqlite: 'sqlite3', postgres: 'postgres' };

/** `goose -dir DIR DIALECT DSN <command...>` (DSN: a SQLite file path or a postgres:// URL). */
export function gooseArgs(dir, driver, dsn, ...command) {
  return ['-dir', dir, GOOSE_DIALECT[driver], dsn, ...command];
}

/** Migrations goose recorded as applied (its table also holds a version-0 row of its own). */
export const GOOSE_APPLIED_SQL = 'SELECT count(*) FROM goose_db_version WHERE version_id > 0 AND is_applied';
