/**
 * Core's StoreWriter on the two collections, append-only on the hot path (documents.ts): an up
 * step inserts its record dirty (whose duplicate key also says another runner did it), appends a
 * state document per completed command but the last, and appends one that records it clean; its
 * history entry is inserted, then completed by a second insert. That is four inserts and no read
 * for a one-command migration, each costing the same however large the store grows. No
 * transaction on MongoDB, so each write stands alone; core orders them (dirty before the
 * commands, clean after), and reads see the last state written, so a step interrupted anywhere
 * between its dirty mark and its clean one reads dirty.
 */
import type { AppliedRecord, StoreWriter } from '@godwit/core';
import type { Db } from 'mongodb';
import type { MongoSession } from '../apply/session.js';
import { isDuplicateKey } from '../connection/errors.js';
import { type ChainPosition, type ChainPositions, newChain } from './chains.js';
import { storeCollections } from './collections.js';
import { type StateDocument, toAppliedRecord, versionFields, versionKey } from './documents.js';
import { type FoldedRecord, foldVersions } from './fold.js';
import type { HistoryLog } from './history-log.js';
import { chainRangeBelow, keyOf, recordRangeOf, stateKeyOf } from './keys.js';
import type { StoreNames } from './names.js';

/** State documents a clean record may pile up (a backfill's per-batch progress) before the superseded ones are deleted. */
const COMPACT_AFTER = 16;

/** What a state document sets. */
type StateFields = Omit<StateDocument, '_id' | 'version'>;

export function createStoreWriter(names: StoreNames, history: HistoryLog, chains: ChainPositions): StoreWriter<MongoSession> {
  const versions = (db: Db) => storeCollections(db, names).versions;

  /** `version`'s record as stored (one range read), remembering where its chain stands. */
  async function read(db: Db, version: number): Promise<FoldedRecord | undefined> {
    const [record] = foldVersions(await versions(db).find({ _id: recordRangeOf(version) }).toArray());
    if (record) chains.set(version, { chain: record.chain, first: record.first, last: record.last });
    else chains.forget(version);
    return record;
  }

  /** Insert `version`'s record on a new chain; false when there is one already. */
  async function insertRecord(db: Db, record: AppliedRecord): Promise<boolean> {
    const chain = newChain();
    const progress = record.statementsDone;
    try {
      await versions(db).insertOne({ _id: keyOf(record.version), chain, ...versionFields(record), ...(progress !== undefined && { statements_done: progress }) });
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
    chains.set(record.version, { chain, first: 1, last: 0 });
    return true;
  }

  /** Append a state document to `version`'s record: where the chain now stands, or undefined when there is no record. */
  async function appendState(db: Db, version: number, fields: StateFields): Promise<ChainPosition | undefined> {
    for (let attempt = 0; ; attempt++) {
      const at = (attempt === 0 ? chains.get(version) : undefined) ?? (await read(db, version));
      if (!at) return undefined;
      const next = { ...at, last: at.last + 1 };
      try {
        await versions(db).insertOne({ _id: stateKeyOf(version, next.chain, next.last), version: versionKey(version), ...fields });
        chains.set(version, next);
        return next;
      } catch (e) {
        // The count was wrong (only a writer without the lock could have appended): read and retry.
        if (!isDuplicateKey(e) || attempt >= 3) {
          chains.forget(version);
          throw e;
        }
      }
    }
  }

  return {
    async find(s, version) {
      const record = await read(s.db, version);
      return record ? toAppliedRecord(record.doc) : undefined;
    },

    async put(s, record: AppliedRecord, exists) {
      const { version } = record;
      if (exists !== true && (await insertRecord(s.db, record))) return;
      // Progress belongs to one dirty attempt: a record written without it has none.
      const progress = record.statementsDone;
      const at = await appendState(s.db, version, {
        ...versionFields(record),
        statements_done: progress ?? null,
        ...(progress === undefined && { rows_done: null }),
      });
      if (!at) {
        // Core said there was a record and there is none (removed meanwhile): the record is what it states.
        await insertRecord(s.db, record);
        return;
      }
      // Every field of the record is in this state document, so the ones before it say nothing
      // any more; a long chain (a backfill's progress) is cut back, off the common path.
      if (at.last - at.first >= COMPACT_AFTER) {
        await versions(s.db).deleteMany({ _id: chainRangeBelow(version, at.chain, at.last) });
        chains.set(version, { ...at, first: at.last });
      }
    },

    // One write instead of find + put: an up inserts, and a duplicate key means another runner
    // did it; a down appends its dirty mark to the record there, and none means it is already gone.
    async markDirty(s, record, direction) {
      if (direction === 'up') return (await insertRecord(s.db, record)) ? 'marked' : 'already-done';
      return (await appendState(s.db, record.version, { dirty: true })) ? 'marked' : 'already-done';
    },

    async progress(s, version, statementsDone) {
      await appendState(s.db, version, { statements_done: statementsDone, rows_done: null });
    },

    async batchProgress(s, version, rowsDone) {
      await appendState(s.db, version, { rows_done: rowsDone });
    },

    async remove(s, version) {
      const at = chains.get(version) ?? (await read(s.db, version));
      if (!at) return;
      // One delete command, the record first: once it is gone the version reads as not applied,
      // whatever else a crash leaves behind (state documents that belong to no record any more,
      // which readers ignore: fold.ts). Each statement is a point delete on `_id`.
      const ids = [keyOf(version), ...Array.from({ length: at.last - at.first + 1 }, (_, i) => stateKeyOf(version, at.chain, at.first + i))];
      await versions(s.db).bulkWrite(
        ids.map((_id) => ({ deleteOne: { filter: { _id } } })),
        { ordered: true },
      );
      chains.forget(version);
    },

    async append(s, row) {
      await history.append(s.db, names, row);
    },

    open: (s, row) => history.append(s.db, names, row),

    finish: (s, id, outcome) => history.finish(s.db, names, id, outcome),
  };
}
