/**
 * The VersionStore: reads never create anything (reading a database that has never been migrated
 * returns empty lists), and `ensure` creates both collections when missing.
 */
import type { AppliedRecord, HistoryRecord, VersionStore } from '@godwit/core';
import { type Db, MongoServerError } from 'mongodb';
import type { ErrorContext } from '../connection/errors.js';
import { storeError } from '../connection/errors.js';
import { type HistoryDocument, toAppliedRecord, toHistoryRecord, type VersionDocument } from './documents.js';
import type { StoreNames } from './names.js';

export function createVersionStore(names: StoreNames, db: () => Promise<Db>, errors: ErrorContext): VersionStore {
  return {
    async ensure() {
      const d = await db();
      try {
        // Both collections are keyed by `_id`, whose unique index comes with the collection.
        const existing = new Set(
          (await d.listCollections({ name: { $in: [names.versions, names.history] } }, { nameOnly: true }).toArray()).map((c) => c.name),
        );
        for (const name of [names.versions, names.history]) {
          if (existing.has(name)) continue;
          try {
            await d.createCollection(name);
          } catch (e) {
            // Created meanwhile by another runner that does not take the lock (a read-only command cannot).
            if (!(e instanceof MongoServerError && e.code === 48)) throw e;
          }
        }
      } catch (e) {
        throw storeError(e, `create the version store (${names.versions}, ${names.history})`, errors);
      }
    },

    async applied(): Promise<AppliedRecord[]> {
      const d = await db();
      try {
        const docs = await d.collection<VersionDocument>(names.versions).find({}, { sort: { _id: 1 } }).toArray();
        return docs.map(toAppliedRecord);
      } catch (e) {
        throw storeError(e, `read ${names.versions}`, errors);
      }
    },

    async history(options: { limit?: number } = {}): Promise<HistoryRecord[]> {
      // limit(0) means "no limit" to MongoDB; a caller asking for none gets none.
      if (options.limit !== undefined && options.limit <= 0) return [];
      const d = await db();
      try {
        const cursor = d.collection<HistoryDocument>(names.history).find({}, { sort: { _id: -1 } });
        if (options.limit !== undefined) cursor.limit(options.limit);
        return (await cursor.toArray()).map(toHistoryRecord);
      } catch (e) {
        throw storeError(e, `read ${names.history}`, errors);
      }
    },
  };
}
