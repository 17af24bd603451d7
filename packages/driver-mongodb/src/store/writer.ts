/**
 * Core's StoreWriter on the two collections: every read and write a point operation on `_id`,
 * which is what keeps FerretDB fast (documents.ts). No transaction on MongoDB, so each write
 * stands alone; core orders them (dirty record before the commands, clean after).
 */
import type { AppliedRecord, StoreWriter } from '@godwit/core';
import type { MongoSession } from '../apply/session.js';
import { isDuplicateKey } from '../connection/errors.js';
import { keyOf, toAppliedRecord, type VersionDocument, versionFields } from './documents.js';
import { finishHistory, type HistoryLog } from './history-log.js';
import type { StoreNames } from './names.js';

export function createStoreWriter(names: StoreNames, history: HistoryLog): StoreWriter<MongoSession> {
  const versions = (s: MongoSession) => s.db.collection<VersionDocument>(names.versions);
  return {
    async find(s, version) {
      const doc = await versions(s).findOne({ _id: keyOf(version) });
      return doc ? toAppliedRecord(doc) : undefined;
    },

    async put(s, record: AppliedRecord, exists) {
      const _id = keyOf(record.version);
      const progress = record.statementsDone;
      // A plain insert when core knows there is no record: the cheapest write on FerretDB.
      if (exists === false) {
        await versions(s).insertOne({ _id, ...versionFields(record), ...(progress !== undefined && { statements_done: progress }) });
        return;
      }
      // Progress belongs to one dirty attempt: a record written without it has none.
      const update =
        progress !== undefined
          ? { $set: { ...versionFields(record), statements_done: progress } }
          : { $set: versionFields(record), $unset: { statements_done: '' as const, rows_done: '' as const } };
      await versions(s).updateOne({ _id }, update, { upsert: exists === undefined });
    },

    // One write instead of find + put: an up inserts, and a duplicate key means another runner
    // did it; a down marks the record there, and none matched means it is already gone.
    async markDirty(s, record, direction) {
      if (direction === 'up') {
        try {
          await versions(s).insertOne({ _id: keyOf(record.version), ...versionFields(record) });
          return 'marked';
        } catch (e) {
          if (isDuplicateKey(e)) return 'already-done';
          throw e;
        }
      }
      const marked = await versions(s).updateOne({ _id: keyOf(record.version) }, { $set: { dirty: true } });
      return marked.matchedCount === 0 ? 'already-done' : 'marked';
    },

    async progress(s, version, statementsDone) {
      await versions(s).updateOne({ _id: keyOf(version) }, { $set: { statements_done: statementsDone }, $unset: { rows_done: '' } });
    },

    async batchProgress(s, version, rowsDone) {
      await versions(s).updateOne({ _id: keyOf(version) }, { $set: { rows_done: rowsDone } });
    },

    async remove(s, version) {
      await versions(s).deleteOne({ _id: keyOf(version) });
    },

    async append(s, row) {
      await history.append(s.db, names, row);
    },

    open: (s, row) => history.append(s.db, names, row),

    finish: (s, id, outcome) => finishHistory(s.db, names, id, outcome),
  };
}
