/**
 * The store's documents. Field names are the SQL drivers' column names, so the three databases
 * hold the same record. Versions are stored as int64 (`Long`): timestamps such as 20250101120000
 * exceed int32, and a double would hide a version above 2^53.
 *
 * Each document's `_id` is its key (the version; the history id), so both collections are keyed
 * by the always-present unique `_id` index and every lookup and update is a point read. The key is
 * the number as a zero-padded 16-digit string (2^53-1 has 16 digits), so string order is numeric
 * order: on MongoDB that costs nothing, and FerretDB (which pushes down only string and ObjectId
 * `_id` filters; any other filter scans the whole collection) stays as fast at the 1,000th
 * migration as at the first.
 */
import type { AppliedRecord, HistoryDirection, HistoryRecord } from '@godwit/core';
import { Long } from 'mongodb';

export interface VersionDocument {
  /** the key: `keyOf(version)` */
  _id: string;
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

export function versionKey(version: number): Long {
  return Long.fromNumber(version);
}

/** `_id` of a version or history id: 42 -> "0000000000000042". */
export function keyOf(n: number): string {
  return String(n).padStart(16, '0');
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

/** The record's fields as stored, but for `_id` and `statements_done` (set or unset on their own). */
export function versionFields(record: AppliedRecord): Omit<VersionDocument, '_id' | 'statements_done' | 'rows_done'> {
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
