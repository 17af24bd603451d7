/**
 * The SQLite backup (core's BackupEngine): the online backup API on the driver's own connection
 * copies a consistent snapshot while the runner holds its lock row (and works for `:memory:` too),
 * verified with `PRAGMA integrity_check` on the copy. Restoring runs the same API the other way,
 * from the file into the database's path, which rewrites the pages in place and so stays correct
 * with a WAL beside the file, and works when the database does not exist yet.
 */
import { type BackupEngine, GodwitError, storeTableNames } from '@godwit/core';
import Database from 'better-sqlite3';
import type { SqliteConnection } from '../connection/connection.js';

export function sqliteBackupEngine(connection: SqliteConnection, table: string): BackupEngine {
  return {
    method: 'sqlite backup API',
    ext: 'db',
    compressed: false,
    async dump(file) {
      // Never create the database just to back it up.
      const db = connection.openIfExists();
      if (!db) {
        throw new GodwitError('BACKUP_FAILED', `SQLite database ${connection.path} does not exist`, { hint: 'check --database' });
      }
      await db.backup(file);
      forgetLockAndWal(file, table);
    },
    async verify(file) {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
        const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
        if (problems.length > 0) {
          throw new GodwitError('BACKUP_FAILED', `the SQLite backup ${file} failed integrity_check: ${problems[0]}`, {
            file,
            hint: 'the source database may be damaged; run PRAGMA integrity_check on it',
          });
        }
        const { n } = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
        return `integrity_check ok, ${n} table(s)`;
      } finally {
        db.close();
      }
    },
    async restore(file) {
      const source = new Database(file, { readonly: true, fileMustExist: true });
      try {
        await source.backup(connection.path);
      } finally {
        source.close();
      }
    },
  };
}

/**
 * The snapshot holds the runner's lock row (a restored copy must not come back locked) and the
 * source's journal mode (a WAL-mode copy is not one self-contained file): drop the one, reset the other.
 */
function forgetLockAndWal(file: string, table: string): void {
  const copy = new Database(file);
  try {
    const { lock } = storeTableNames(table);
    const found = copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(lock);
    if (found) copy.prepare(`DELETE FROM "${lock.replace(/"/g, '""')}"`).run();
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}
