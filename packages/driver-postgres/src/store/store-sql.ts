/**
 * The SQL of the version store: table definitions and one statement per StoreWriter call. Values
 * are written as literals (escaped by pg's escapeLiteral), never as parameters, so that writes held
 * back inside a transaction can travel in one multi-statement round trip with BEGIN or COMMIT.
 */
import { type AppliedRecord, type HistoryOutcome, type NewHistoryRow, storeTableNames } from '@godwit/core';
import { escapeLiteral } from '../connection/pg-module.js';
import { qualified, type TableName } from './table-name.js';

export interface StoreNames {
  schema?: string;
  table: string;
  history: string;
  /** quoted, qualified names for SQL */
  tableSql: string;
  historySql: string;
}

export function storeNames(name: TableName): StoreNames {
  const { versions, history } = storeTableNames(name.table);
  return {
    ...(name.schema !== undefined && { schema: name.schema }),
    table: versions,
    history,
    tableSql: qualified(name.schema, versions),
    historySql: qualified(name.schema, history),
  };
}

export function createTablesSql(n: StoreNames): string {
  return `CREATE TABLE IF NOT EXISTS ${n.tableSql} (
  version bigint PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  execution_ms integer NOT NULL DEFAULT 0,
  applied_by text NOT NULL,
  dirty boolean NOT NULL DEFAULT false,
  statements_done integer,
  rows_done bigint
);
CREATE TABLE IF NOT EXISTS ${n.historySql} (
  id bigserial PRIMARY KEY,
  version bigint NOT NULL,
  name text NOT NULL,
  direction text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  execution_ms integer,
  success boolean NOT NULL,
  error text,
  applied_by text NOT NULL,
  tool_version text NOT NULL,
  note text
)`;
}

/** Columns added after the first release; older stores gain them on their next ensure. */
export const ADDED_COLUMNS = [
  { table: 'historySql', column: 'note', type: 'text' },
  { table: 'tableSql', column: 'statements_done', type: 'integer' },
  // a batched backfill's rows done, stored after each batch (issue 17)
  { table: 'tableSql', column: 'rows_done', type: 'bigint' },
] as const;

export function addColumnSql(n: StoreNames, c: (typeof ADDED_COLUMNS)[number]): string {
  return `ALTER TABLE ${n[c.table]} ADD COLUMN IF NOT EXISTS ${c.column} ${c.type}`;
}

export const RECORD_COLUMNS = 'version, name, checksum, applied_at, execution_ms, applied_by, dirty';

/** The version's record; `lock`ed for the rest of the transaction (the re-check under the lock). */
export function findRecordSql(n: StoreNames, version: number, lock: boolean): string {
  return `SELECT ${RECORD_COLUMNS}, statements_done, rows_done FROM ${n.tableSql} WHERE version = ${int(version)}${lock ? ' FOR UPDATE' : ''}`;
}

export function upsertRecordSql(n: StoreNames, r: AppliedRecord): string {
  const done = r.dirty && r.statementsDone !== undefined ? int(r.statementsDone) : 'NULL';
  return `INSERT INTO ${n.tableSql} (${RECORD_COLUMNS}, statements_done)
VALUES (${int(r.version)}, ${lit(r.name)}, ${lit(r.checksum)}, ${time(r.appliedAt)}, ${int(r.executionMs)}, ${lit(r.appliedBy)}, ${r.dirty}, ${done})
ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, applied_at = EXCLUDED.applied_at,
  execution_ms = EXCLUDED.execution_ms, applied_by = EXCLUDED.applied_by, dirty = EXCLUDED.dirty, statements_done = EXCLUDED.statements_done, rows_done = NULL`;
}

export function progressSql(n: StoreNames, version: number, statementsDone: number): string {
  return `UPDATE ${n.tableSql} SET statements_done = ${int(statementsDone)}, rows_done = NULL WHERE version = ${int(version)}`;
}

/** A batched backfill's rows done, on the dirty record of its step (cleared by progressSql and upserts). */
export function batchProgressSql(n: StoreNames, version: number, rowsDone: number): string {
  return `UPDATE ${n.tableSql} SET rows_done = ${int(rowsDone)} WHERE version = ${int(version)}`;
}

export function deleteRecordSql(n: StoreNames, version: number): string {
  return `DELETE FROM ${n.tableSql} WHERE version = ${int(version)}`;
}

export function insertHistorySql(n: StoreNames, h: NewHistoryRow, returningId = false): string {
  return `INSERT INTO ${n.historySql} (version, name, direction, started_at, finished_at, execution_ms, success, error, applied_by, tool_version, note)
VALUES (${int(h.version)}, ${lit(h.name)}, ${lit(h.direction)}, ${time(h.startedAt)}, ${time(h.finishedAt)}, ${int(h.executionMs)},
  ${h.success}, ${lit(h.error)}, ${lit(h.appliedBy)}, ${lit(h.toolVersion)}, ${lit(h.note)})${returningId ? ' RETURNING id' : ''}`;
}

/** Completes a row written by `open`; a finished row is never changed. */
export function finishHistorySql(n: StoreNames, id: number, o: HistoryOutcome): string {
  return `UPDATE ${n.historySql} SET finished_at = ${time(o.finishedAt)}, execution_ms = ${int(o.executionMs)}, success = ${o.success},
  error = ${lit(o.error)}${o.note === undefined ? '' : `, note = ${lit(o.note)}`} WHERE id = ${int(id)} AND finished_at IS NULL`;
}

function lit(s: string | null): string {
  return s === null ? 'NULL' : escapeLiteral(s);
}

function time(d: Date | null): string {
  return d === null ? 'NULL' : `${escapeLiteral(d.toISOString())}::timestamptz`;
}

function int(n: number | null): string {
  if (n === null) return 'NULL';
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}
