/**
 * The VersionStore: reads never create anything (reading a database that has never been migrated
 * returns empty lists), and `ensure` creates both collections when missing. Reads fold the
 * append-only documents back into records and entries (fold.ts), so they return what a store of
 * either shape (documents.ts) holds.
 */
import type { AppliedRecord, HistoryRecord, VersionStore } from '@godwit/core';
import { type Db, MongoServerError } from 'mongodb';
import type { ErrorContext } from '../connection/errors.js';
import { storeError } from '../connection/errors.js';
import type { ChainPositions } from './chains.js';
import { storeCollections } from './collections.js';
import { toAppliedRecord, toHistoryRecord } from './documents.js';
import { foldHistory, foldVersions } from './fold.js';
import type { HistoryLog } from './history-log.js';
import type { StoreNames } from './names.js';

/** What the reads tell the writer: read under the lock, the store is exactly what this runner will write to. */
export interface StoreKnowledge {
  log: HistoryLog;
  chains: ChainPositions;
  lockHeld: () => boolean;
}

export function createVersionStore(names: StoreNames, db: () => Promise<Db>, errors: ErrorContext, known: StoreKnowledge): VersionStore {
  /** Both collections are known to exist: `ensure` made sure, or a read found records (which `ensure` came before). */
  let exists = false;
  return {
    async ensure() {
      if (exists) return;
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
            // A history just created is empty: its first id needs no read.
            if (name === names.history) known.log.startEmpty();
          } catch (e) {
            // Created meanwhile by another runner that does not take the lock (a read-only command cannot).
            if (!(e instanceof MongoServerError && e.code === 48)) throw e;
          }
        }
        exists = true;
      } catch (e) {
        throw storeError(e, `create the version store (${names.versions}, ${names.history})`, errors);
      }
    },

    async applied(): Promise<AppliedRecord[]> {
      const d = await db();
      try {
        const docs = await storeCollections(d, names).versions.find({}, { sort: { _id: 1 } }).toArray();
        if (docs.length > 0) exists = true;
        const records = foldVersions(docs).map((r) => ({ ...r, record: toAppliedRecord(r.doc) }));
        // Core reads right after taking the lock, to plan: the writer then knows every chain, and
        // a down's dirty mark and removal need no read of their own.
        if (known.lockHeld()) for (const r of records) known.chains.set(r.record.version, { chain: r.chain, first: r.first, last: r.last });
        return records.map((r) => r.record);
      } catch (e) {
        throw storeError(e, `read ${names.versions}`, errors);
      }
    },

    async history(options: { limit?: number } = {}): Promise<HistoryRecord[]> {
      // limit(0) means "no limit" to MongoDB; a caller asking for none gets none.
      if (options.limit !== undefined && options.limit <= 0) return [];
      const d = await db();
      try {
        const cursor = storeCollections(d, names).history.find({}, { sort: { _id: -1 } });
        // An entry is one or two documents (its completion sorts right beside it), so the newest
        // `limit` entries are among the newest 2 x `limit` documents.
        if (options.limit !== undefined) cursor.limit(options.limit * 2);
        const entries = foldHistory(await cursor.toArray());
        return (options.limit !== undefined ? entries.slice(0, options.limit) : entries).map(toHistoryRecord);
      } catch (e) {
        throw storeError(e, `read ${names.history}`, errors);
      }
    },
  };
}
