/**
 * `<table>_snapshots` on SQLite: the schema snapshot recorded after each run, for drift. Created on
 * the first record; reading a database without it (or without a file) finds nothing and creates
 * nothing. The latest KEEP rows are kept.
 */
import { type SnapshotStore, type StoredSnapshot, snapshotsTableName } from '@godwit/core';
import type { SqliteConnection } from '../connection/connection.js';
import { tableExists } from '../store/store-sql.js';
import type { TableNames } from '../store/table-names.js';

const KEEP = 20;

export function createSnapshotStore(connection: SqliteConnection, names: TableNames): SnapshotStore {
  const raw = snapshotsTableName(names.raw.versions);
  const table = `"${raw}"`;
  return {
    async latest() {
      const db = connection.openIfExists();
      if (!db || !tableExists(db, raw)) return undefined;
      const row = db.prepare(`SELECT version, hash, taken_at, snapshot FROM ${table} ORDER BY id DESC LIMIT 1`).get() as
        | { version: number; hash: string; taken_at: string; snapshot: Buffer }
        | undefined;
      return row && { version: row.version, hash: row.hash, takenAt: new Date(row.taken_at), data: row.snapshot };
    },
    async record(s: StoredSnapshot) {
      const db = connection.open();
      db.transaction(() => {
        db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY, taken_at TEXT NOT NULL, version INTEGER NOT NULL, hash TEXT NOT NULL, snapshot BLOB NOT NULL)`);
        db.prepare(`INSERT INTO ${table} (taken_at, version, hash, snapshot) VALUES (?, ?, ?, ?)`).run(s.takenAt.toISOString(), s.version, s.hash, Buffer.from(s.data));
        db.prepare(`DELETE FROM ${table} WHERE id <= (SELECT max(id) - ? FROM ${table})`).run(KEEP);
      }).immediate();
    },
  };
}
