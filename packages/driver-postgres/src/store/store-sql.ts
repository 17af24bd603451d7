/**
 * The SQL of the version store: table definitions and the statements that record a step. Values
 * are written as literals (escaped by pg's escapeLiteral) so that a step's bookkeeping can travel
 * in the same round trip as BEGIN or COMMIT.
 */
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
  const history = `${name.table}_history`;
  return {
    ...(name.schema !== undefined && { schema: name.schema }),
    table: name.table,
    history,
    tableSql: qualified(name.schema, name.table),
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
  dirty boolean NOT NULL DEFAULT false
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

/** Stores created before the history had a `note` column get it on their next ensure. */
export function addNoteColumnSql(n: StoreNames): string {
  return `ALTER TABLE ${n.historySql} ADD COLUMN IF NOT EXISTS note text`;
}

export interface RecordValues {
  version: number;
  name: string;
  checksum: string;
  executionMs: number;
  appliedBy: string;
  dirty: boolean;
}

export function upsertRecordSql(n: StoreNames, r: RecordValues): string {
  return `INSERT INTO ${n.tableSql} (version, name, checksum, applied_at, execution_ms, applied_by, dirty)
VALUES (${int(r.version)}, ${lit(r.name)}, ${lit(r.checksum)}, now(), ${int(r.executionMs)}, ${lit(r.appliedBy)}, ${r.dirty})
ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, applied_at = EXCLUDED.applied_at,
  execution_ms = EXCLUDED.execution_ms, applied_by = EXCLUDED.applied_by, dirty = EXCLUDED.dirty`;
}

export function deleteRecordSql(n: StoreNames, version: number): string {
  return `DELETE FROM ${n.tableSql} WHERE version = ${int(version)}`;
}

export function markDirtySql(n: StoreNames, version: number): string {
  return `UPDATE ${n.tableSql} SET dirty = true WHERE version = ${int(version)}`;
}

export interface HistoryValues {
  version: number;
  name: string;
  direction: string;
  startedAt: Date;
  finished: boolean;
  executionMs: number | null;
  success: boolean;
  error: string | null;
  appliedBy: string;
  toolVersion: string;
  note: string | null;
}

export function insertHistorySql(n: StoreNames, h: HistoryValues, returningId = false): string {
  return `INSERT INTO ${n.historySql} (version, name, direction, started_at, finished_at, execution_ms, success, error, applied_by, tool_version, note)
VALUES (${int(h.version)}, ${lit(h.name)}, ${lit(h.direction)}, ${lit(h.startedAt.toISOString())}::timestamptz, ${h.finished ? 'now()' : 'NULL'},
  ${h.executionMs === null ? 'NULL' : int(h.executionMs)}, ${h.success}, ${h.error === null ? 'NULL' : lit(h.error)}, ${lit(h.appliedBy)}, ${lit(h.toolVersion)},
  ${h.note === null ? 'NULL' : lit(h.note)})${returningId ? ' RETURNING id' : ''}`;
}

/** Completes the history row a non-transactional step opened when it started. */
export function finishHistorySql(n: StoreNames, id: string, executionMs: number, error: string | null): string {
  return `UPDATE ${n.historySql} SET finished_at = now(), execution_ms = ${int(executionMs)}, success = ${error === null},
  error = ${error === null ? 'NULL' : lit(error)} WHERE id = ${int(Number(id))}`;
}

/** The version's row, locked for the rest of the transaction. */
export function recheckSql(n: StoreNames, version: number, lock: boolean): string {
  return `SELECT dirty FROM ${n.tableSql} WHERE version = ${int(version)}${lock ? ' FOR UPDATE' : ''}`;
}

function lit(s: string): string {
  return escapeLiteral(s);
}

function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}
