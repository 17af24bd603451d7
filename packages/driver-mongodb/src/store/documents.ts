/**
 * The store's documents. Field names are the SQL drivers' column names, so the three databases
 * hold the same record. Versions are stored as int64 (`Long`): timestamps such as 20250101120000
 * exceed int32, and a double would hide a version above 2^53.
 *
 * The store is append-only on the hot path (keys.ts): a version's record is inserted once, when
 * its step starts (or when `force` records it), and every later change (progress, clean, a down's
 * dirty mark) is a new state document holding only the fields it changes, read back by applying
 * them in order (fold.ts). Likewise a history entry is inserted when its step starts and completed
 * by a second document. FerretDB inserts cost the same at any size, while its updates, even on
 * `_id`, slowed from 4 ms to 11 ms over 500 migrations (and dominated a run of 200).
 */
import type { AppliedRecord, HistoryDirection, HistoryRecord } from '@godwit/core';
import { Long } from 'mongodb';

export interface VersionDocument {
  /** the key: `keyOf(version)` */
  _id: string;
  /**
   * Names this record's state documents (keys.ts `stateKeyOf`): a fresh one each time the record is
   * inserted, so state documents a crashed `remove` left behind never apply to a later record of
   * the same version. Absent on records written before state documents existed (LEGACY_CHAIN).
   */
  chain?: string;
  version: Long;
  name: string;
  checksum: string;
  applied_at: Date;
  execution_ms: number;
  /** user@host */
  applied_by: string;
  dirty: boolean;
  /** on a dirty record: how many of the step's commands completed; absent on clean records */
  statements_done?: number | null;
  /** on a dirty record: rows a batched backfill's completed batches touched (issue 17) */
  rows_done?: number | null;
}

/** The chain of a record written before state documents existed, which has none of its own. */
export const LEGACY_CHAIN = 'legacy';

/**
 * A change to a version's record, `_id` `stateKeyOf(version, chain, n)`: the fields it sets (null
 * unsets `statements_done` and `rows_done`, as toAppliedRecord reads them), applied after state
 * documents 1..n-1.
 */
export type StateDocument = { _id: string; version: Long } & Partial<Omit<VersionDocument, '_id' | 'version' | 'chain'>>;

export interface HistoryDocument {
  /** the key: `keyOf(id)` */
  _id: string;
  id: number;
  version: Long;
  name: string;
  direction: HistoryDirection;
  started_at: Date;
  finished_at: Date | null;
  execution_ms: number | null;
  success: boolean;
  error: string | null;
  applied_by: string;
  tool_version: string;
  /** the run's note (e.g. the backup taken before it); null or absent (older documents): none */
  note?: string | null;
}

/** What `finish` writes, `_id` `completionKeyOf(id)`: the fields that complete entry `id`. */
export type CompletionDocument = { _id: string; id: number } & Pick<HistoryDocument, 'finished_at' | 'execution_ms' | 'success' | 'error' | 'note'>;

export function versionKey(version: number): Long {
  return Long.fromNumber(version);
}

/** A number from whatever numeric BSON type the server returned (Long, Int32, Double). */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Long) return value.toNumber();
  if (value !== null && typeof value === 'object' && 'valueOf' in value) return Number((value as { valueOf(): unknown }).valueOf());
  return Number(value);
}

export function toAppliedRecord(doc: Partial<VersionDocument>): AppliedRecord {
  return {
    version: toNumber(doc.version),
    name: String(doc.name ?? ''),
    checksum: String(doc.checksum ?? ''),
    appliedAt: doc.applied_at instanceof Date ? doc.applied_at : new Date(0),
    executionMs: toNumber(doc.execution_ms ?? 0),
    appliedBy: String(doc.applied_by ?? ''),
    dirty: doc.dirty === true,
    ...(typeof doc.statements_done === 'number' && { statementsDone: doc.statements_done }),
    ...(doc.dirty === true && typeof doc.rows_done === 'number' && { rowsDone: doc.rows_done }),
  };
}

/** The record's fields as stored, but for `_id`, `chain` and the progress (set or unset on their own). */
export function versionFields(record: AppliedRecord): Omit<VersionDocument, '_id' | 'chain' | 'statements_done' | 'rows_done'> {
  return {
    version: versionKey(record.version),
    name: record.name,
    checksum: record.checksum,
    applied_at: record.appliedAt,
    execution_ms: record.executionMs,
    applied_by: record.appliedBy,
    dirty: record.dirty,
  };
}

export function toHistoryRecord(doc: Partial<HistoryDocument>): HistoryRecord {
  return {
    id: toNumber(doc.id),
    version: toNumber(doc.version),
    name: String(doc.name ?? ''),
    direction: doc.direction ?? 'up',
    startedAt: doc.started_at instanceof Date ? doc.started_at : new Date(0),
    finishedAt: doc.finished_at instanceof Date ? doc.finished_at : null,
    executionMs: doc.execution_ms === null || doc.execution_ms === undefined ? null : toNumber(doc.execution_ms),
    success: doc.success === true,
    error: doc.error ?? null,
    appliedBy: String(doc.applied_by ?? ''),
    toolVersion: String(doc.tool_version ?? ''),
    note: typeof doc.note === 'string' ? doc.note : null,
  };
}
