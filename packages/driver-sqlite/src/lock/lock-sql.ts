/**
 * The lock table: at most one row (id 1), naming the runner that holds the lock. `token` tells
 * two drivers in one process apart (they share user, host and pid).
 */
import type { TableNames } from '../store/table-names.js';

export interface LockRow {
  owner: string;
  host: string;
  pid: number;
  token: string;
  acquired_at: string;
}

export function lockSql(t: TableNames) {
  return {
    create: `CREATE TABLE IF NOT EXISTS ${t.lock} (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL, token TEXT NOT NULL, acquired_at TEXT NOT NULL)`,
    select: `SELECT owner, host, pid, token, acquired_at FROM ${t.lock} WHERE id = 1`,
    /** parameters: owner, host, pid, token, acquired_at */
    insert: `INSERT OR REPLACE INTO ${t.lock} (id, owner, host, pid, token, acquired_at) VALUES (1, ?, ?, ?, ?, ?)`,
    /** parameter: token; deletes the row only if it is ours */
    release: `DELETE FROM ${t.lock} WHERE id = 1 AND token = ?`,
  };
}

export function describeHolder(row: LockRow): string {
  return `${row.owner} since ${row.acquired_at}`;
}
