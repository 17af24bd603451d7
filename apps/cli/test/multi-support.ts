/** What the multi-database tests add to @godwit/test-kit: another runner's SQLite lock. */
import { hostname } from 'node:os';
import { openSqlite } from '@godwit/test-kit/sqlite';

/** Holds the SQLite migration lock of `file` in the name of this (live) process, as another runner would. */
export function holdSqliteLock(file: string, table = 'godwit_migrations'): void {
  const db = openSqlite(file, { write: true });
  try {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table}_lock (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL, token TEXT NOT NULL, acquired_at TEXT NOT NULL)`,
    );
    db.prepare(`INSERT INTO ${table}_lock VALUES (1, 'test@elsewhere pid ${process.pid}', ?, ?, 'held-by-test', ?)`).run(hostname(), process.pid, new Date().toISOString());
  } finally {
    db.close();
  }
}
