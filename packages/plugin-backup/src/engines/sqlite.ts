/**
 * SQLite: better-sqlite3's online backup API copies a consistent snapshot while other
 * connections keep working (the runner holds its lock row, not a file lock), verified with
 * `PRAGMA integrity_check` on the copy. Restoring runs the same API the other way, which
 * rewrites the database pages in place and so stays correct with a WAL beside the file.
 */
import { existsSync } from 'node:fs';
import { GodwitError, storeTableNames } from '@godwit/core';
import Database from 'better-sqlite3';
import type { Engine } from './engine.js';

export function sqliteEngine(path: string, table: string): Engine {
  return {
    method: 'sqlite backup API',
    ext: 'db',
    compressed: false,
    async dump(file) {
      if (!existsSync(path)) {
        throw new GodwitError('BACKUP_FAILED', `SQLite database ${path} does not exist`, { hint: 'check --database' });
      }
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        await db.backup(file);
      } finally {
        db.close();
      }
      // The runner's lock row is in the snapshot; a restored copy must not come back locked.
      const copy = new Database(file);
      try {
        const { lock } = storeTableNames(table);
        const found = copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(lock);
        if (found) copy.prepare(`DELETE FROM "${lock.replace(/"/g, '""')}"`).run();
        copy.pragma('journal_mode = DELETE');
      } finally {
        copy.close();
      }
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
        await source.backup(path);
      } finally {
        source.close();
      }
    },
  };
}
