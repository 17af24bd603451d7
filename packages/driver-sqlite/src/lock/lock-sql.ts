/**
 * The lock table: at most one row (id 1), naming the runner that holds the lock. `token` tells
 * two drivers in one process apart (they share user, host and pid).
 *
 * The lease columns (`expires_at`, refreshed by the holder) and the process identity columns
 * (`boot_id`, `pid_ns`, `start_time`, see process-identity.ts) came later: they are nullable, a
 * table made before them gets them with ALTER TABLE on the next lock attempt, and a row without
 * `expires_at` (written by an older Godwit) is judged by the old rule, host and pid only.
 */
import type { TableNames } from '../store/table-names.js';

export interface LockRow {
  owner: string;
  host: string;
  pid: number;
  token: string;
  acquired_at: string;
  /** ISO 8601; null (or absent) on a row written before leases */
  expires_at?: string | null;
  boot_id?: string | null;
  pid_ns?: string | null;
  start_time?: string | null;
}

/** Columns added after the first release, all TEXT and nullable. */
export const LEASE_COLUMNS = ['expires_at', 'boot_id', 'pid_ns', 'start_time'] as const;

export function lockSql(t: TableNames) {
  return {
    create: `CREATE TABLE IF NOT EXISTS ${t.lock} (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL, token TEXT NOT NULL, acquired_at TEXT NOT NULL, ${LEASE_COLUMNS.map((c) => `${c} TEXT`).join(', ')})`,
    /** the lock table's column names */
    columns: `SELECT name FROM pragma_table_info('${t.raw.lock}')`,
    addColumn: (column: (typeof LEASE_COLUMNS)[number]) => `ALTER TABLE ${t.lock} ADD COLUMN ${column} TEXT`,
    /** every column there is, so it also reads a table not upgraded yet */
    select: `SELECT * FROM ${t.lock} WHERE id = 1`,
    /** parameters: owner, host, pid, token, acquired_at, expires_at, boot_id, pid_ns, start_time */
    insert: `INSERT OR REPLACE INTO ${t.lock} (id, owner, host, pid, token, acquired_at, ${LEASE_COLUMNS.join(', ')}) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    /** parameters: expires_at, token; changes nothing when the row is no longer ours */
    renew: `UPDATE ${t.lock} SET expires_at = ? WHERE id = 1 AND token = ?`,
    /** parameter: token; deletes the row only if it is ours */
    release: `DELETE FROM ${t.lock} WHERE id = 1 AND token = ?`,
  };
}

export function describeHolder(row: LockRow): string {
  return `${row.owner} since ${row.acquired_at}`;
}
