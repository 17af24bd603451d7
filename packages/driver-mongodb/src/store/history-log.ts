/**
 * Appending to the history collection. Ids are sequential numbers like the SQL drivers' serial
 * column: the next is the highest plus one, and since the id is the `_id`, a race (two writers
 * without the lock, which the runner never does) becomes a retry instead of a duplicate id.
 * A step inserts its entry when it starts and inserts its completion when it ends (`finish`):
 * the history is never updated, only appended to (documents.ts).
 */
import type { HistoryOutcome, NewHistoryRow } from '@godwit/core';
import type { Db } from 'mongodb';
import { isDuplicateKey } from '../connection/errors.js';
import { storeCollections } from './collections.js';
import { versionKey } from './documents.js';
import { completionKeyOf, keyOf } from './keys.js';
import type { StoreNames } from './names.js';

/**
 * Hands out history ids. The highest id is read once and then counted up locally: only the lock
 * holder writes history, so the count stays right; if it ever is not (another writer, a dropped
 * collection), the `_id` index rejects the id and the allocator re-reads.
 */
export class HistoryLog {
  private lastId: number | undefined;

  async append(db: Db, names: StoreNames, entry: NewHistoryRow): Promise<number> {
    const { history } = storeCollections(db, names);
    for (let attempt = 0; ; attempt++) {
      if (this.lastId === undefined || attempt > 0) {
        // A completion's `_id` sorts right after its entry's and carries the same id.
        const last = await history.find({}, { projection: { id: 1 }, sort: { _id: -1 }, limit: 1 }).toArray();
        this.lastId = last[0] ? Number(last[0].id) : 0;
      }
      const id = this.lastId + 1;
      try {
        await history.insertOne({
          _id: keyOf(id),
          id,
          version: versionKey(entry.version),
          name: entry.name,
          direction: entry.direction,
          started_at: entry.startedAt,
          finished_at: entry.finishedAt,
          execution_ms: entry.executionMs,
          success: entry.success,
          error: entry.error,
          applied_by: entry.appliedBy,
          tool_version: entry.toolVersion,
          note: entry.note,
        });
        this.lastId = id;
        return id;
      } catch (e) {
        if (!isDuplicateKey(e) || attempt >= 20) {
          this.lastId = undefined;
          throw e;
        }
      }
    }
  }

  /** Complete entry `id` (written by `append` when its step started) with a document of its own. */
  async finish(db: Db, names: StoreNames, id: number, outcome: HistoryOutcome): Promise<void> {
    await storeCollections(db, names).history.insertOne({
      _id: completionKeyOf(id),
      id,
      finished_at: outcome.finishedAt,
      execution_ms: outcome.executionMs,
      success: outcome.success,
      error: outcome.error,
      // absent, not null, when not given: the entry's own note stands (fold.ts)
      ...(outcome.note !== undefined && { note: outcome.note }),
    });
  }

  /** Forget the count: called when the lock is taken, since others may have written meanwhile. */
  reset(): void {
    this.lastId = undefined;
  }

  /** The history collection was just created (under the lock): the first id is 1, no read needed. */
  startEmpty(): void {
    this.lastId = 0;
  }
}
