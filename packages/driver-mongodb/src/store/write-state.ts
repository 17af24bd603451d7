/**
 * force and skip: bookkeeping without running anything. MongoDB offers no multi-document
 * transaction on a standalone server (nor on FerretDB), so the writes go in the order that leaves
 * the most truthful state if interrupted: removals, then records, then the audit rows.
 */
import type { ApplyContext, StateChange } from '@godwit/core';
import type { Db } from 'mongodb';
import { keyOf, type VersionDocument, versionKey } from './documents.js';
import type { HistoryLog } from './history-log.js';
import type { StoreNames } from './names.js';

export async function writeState(db: Db, names: StoreNames, log: HistoryLog, change: StateChange, ctx: ApplyContext): Promise<void> {
  const versions = db.collection<VersionDocument>(names.versions);
  if (change.remove.length > 0) {
    await versions.deleteMany({ _id: { $in: change.remove.map(keyOf) } });
  }
  for (const record of change.upsert) {
    await versions.updateOne(
      { _id: keyOf(record.version) },
      {
        $set: {
          version: versionKey(record.version),
          name: record.name,
          checksum: record.checksum,
          applied_at: new Date(),
          execution_ms: 0,
          applied_by: ctx.appliedBy,
          dirty: false,
        },
      },
      { upsert: true },
    );
  }
  for (const entry of change.history) {
    const now = new Date();
    await log.append(db, names, {
      ...entry,
      startedAt: now,
      finishedAt: now,
      executionMs: 0,
      success: true,
      error: null,
      appliedBy: ctx.appliedBy,
      toolVersion: ctx.toolVersion,
      note: ctx.note ?? null,
    });
  }
}
