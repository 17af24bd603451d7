/**
 * Core's StoreWriter on PostgreSQL: one statement per call (store-sql.ts), on the caller's session.
 * Writes that return nothing go through the session's `write`, so inside a transaction they travel
 * with the next query or with COMMIT; `find` and `open` need an answer and are sent at once.
 */
import type { StoreWriter } from '@godwit/core';
import type { PgStepSession } from '../session/step-session.js';
import * as sql from './store-sql.js';
import { type RecordRow, toRecord } from './version-store.js';

export function createStoreWriter(names: sql.StoreNames): StoreWriter<PgStepSession> {
  return {
    async find(s, version) {
      // FOR UPDATE in a transaction: the row stays as read until it commits.
      const row = (await s.query<RecordRow>(sql.findRecordSql(names, version, s.inTransaction))).rows[0];
      return row ? toRecord(row) : undefined;
    },
    put: (s, record) => s.write(sql.upsertRecordSql(names, record)),
    progress: (s, version, statementsDone) => s.write(sql.progressSql(names, version, statementsDone)),
    batchProgress: (s, version, rowsDone) => s.write(sql.batchProgressSql(names, version, rowsDone)),
    remove: (s, version) => s.write(sql.deleteRecordSql(names, version)),
    append: (s, row) => s.write(sql.insertHistorySql(names, row)),
    async open(s, row) {
      const result = await s.query<{ id: string }>(sql.insertHistorySql(names, row, true));
      return Number(result.rows[0]?.id);
    },
    finish: (s, id, outcome) => s.write(sql.finishHistorySql(names, id, outcome)),
  };
}
