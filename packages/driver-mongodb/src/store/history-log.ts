/**
 * Appending to the history collection. Ids are sequential numbers like the SQL drivers' serial
 * column: the next is the highest plus one, and since the id is the `_id`, a race (two writers
 * without the lock, which the runner never does) becomes a retry instead of a duplicate id.
 * A step writes its entry when it starts and completes it when it ends (finishHistory).
 */
import type { HistoryOutcome, NewHistoryRow } from '@godwit/core';
import type { Db } from 'mongodb';
import { isDuplicateKey } from '../connection/errors.js';
import { type HistoryDocument, keyOf, versionKey } from './documents.js';
import type { StoreNames } from './names.js';

/**
 * Hands out history ids. The highest id is read once and then counted up locally: only the lock
 * holder writes history, so the count stays right; if it ever is not (another writer, a dropped
 * collection), the `_id` index rejects the id and the allocator re-reads.
 */
export class HistoryLog {
  private lastId: number | undefined;

  async append(db: Db, names: StoreNames, entry: NewHistoryRow): Promise<number> {
    const history = db.collection<HistoryDocument>(names.history);
    for (let attempt = 0; ; attempt++) {
      if (this.lastId === undefined || attempt > 0) {
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

  /** Forget the count: called when the lock is taken, since others may have written meanwhile. */
  reset(): void {
    this.lastId = undefined;
  }
}

/** Completes the entry written when a step started: the one row of history a step ever updates. */
export async function finishHistory(db: Db, names: StoreNames, id: number, outcome: HistoryOutcome): Promise<void> {
  await db.collection<HistoryDocument>(names.history).updateOne(
    { _id: keyOf(id) },
    {
      $set: {
        finished_at: outcome.finishedAt,
        execution_ms: outcome.executionMs,
        success: outcome.success,
        error: outcome.error,
        ...(outcome.note !== undefined && { note: outcome.note }),
      },
    },
  );
}
