/**
 * What `godwit rehearse` reads on SQLite after each migration. SQLite locks the whole file: the
 * rehearsal's BEGIN IMMEDIATE holds the RESERVED lock from its start (other writers wait, readers
 * go on), so no migration adds a lock of its own. Rows changed: `total_changes()`, a counter of
 * the connection, compared before and after.
 */
import type { RehearsalProbe } from '@godwit/core';
import type { SqliteSession } from '../session/sqlite-session.js';

export const sqliteRehearsal: RehearsalProbe<SqliteSession> = {
  async locks() {
    return ['RESERVED on the database'];
  },
  async rowsChanged(s) {
    return Number((s.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n);
  },
};
