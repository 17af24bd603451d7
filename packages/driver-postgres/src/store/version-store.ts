/**
 * The VersionStore on PostgreSQL: reads never lock and never create anything (so `status` on a
 * fresh database changes nothing); `ensure` creates the schema and both tables when missing, and
 * adds the columns later releases introduced (ADDED_COLUMNS) to an older store.
 */
import type { AppliedRecord, HistoryDirection, HistoryRecord, VersionStore } from '@godwit/core';
import { GodwitError } from '@godwit/core';
import type pg from 'pg';
import { escapeLiteral } from '../connection/pg-module.js';
import { ADDED_COLUMNS, addColumnSql, createTablesSql, RECORD_COLUMNS, type StoreNames } from './store-sql.js';
import { quoteIdent } from './table-name.js';

/** undefined_table, invalid_schema_name: the store has not been created yet. */
const MISSING = new Set(['42P01', '3F000']);
/** undefined_column: a store created before a column was added (see ADDED_COLUMNS), read without ensure. */
const UNDEFINED_COLUMN = '42703';
/** Another session created the same object at the same moment (when ensure runs without the lock). */
const RACE = new Set(['23505', '42P07', '42P06']);

export function createVersionStore(names: StoreNames, client: () => Promise<pg.Client>): VersionStore {
  return {
    async ensure() {
      const c = await client();
      // Looked up first so that an up-to-date store costs one read, not an ALTER TABLE's exclusive lock.
      const has = ADDED_COLUMNS.map(
        (col, i) => `EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(${escapeLiteral(names[col.table])})
                   AND attname = ${escapeLiteral(col.column)} AND NOT attisdropped) AS has_${i}`,
      );
      const exists = await c.query<Record<string, boolean>>(
        `SELECT to_regclass(${escapeLiteral(names.tableSql)}) IS NOT NULL AND to_regclass(${escapeLiteral(names.historySql)}) IS NOT NULL AS ok, ${has.join(', ')}`,
      );
      const row = exists.rows[0];
      if (row?.ok) {
        for (const [i, col] of ADDED_COLUMNS.entries()) {
          if (row[`has_${i}`]) continue;
          try {
            await c.query(addColumnSql(names, col));
          } catch (e) {
            throw storeError(e, `could not add the ${col.column} column to the store`, names);
          }
        }
        return;
      }
      try {
        await create(c);
      } catch (e) {
        if (!RACE.has(codeOf(e))) throw storeError(e, 'could not create the version store', names);
        await create(c);
      }
    },

    async applied() {
      const c = await client();
      const read = (done: string) =>
        c.query<RecordRow>(`SELECT ${RECORD_COLUMNS}, ${done} FROM ${names.tableSql} ORDER BY version`);
      try {
        // Reads never alter the store: one from before `statements_done` reads as no progress kept.
        const result = await read('statements_done').catch((e: unknown) => {
          if (codeOf(e) === UNDEFINED_COLUMN) return read('NULL::integer AS statements_done');
          throw e;
        });
        return result.rows.map(toRecord);
      } catch (e) {
        if (MISSING.has(codeOf(e))) return [];
        throw storeError(e, 'could not read the version store', names);
      }
    },

    async history(options = {}) {
      const c = await client();
      const limit = options.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(options.limit))}` : '';
      const read = (note: string) =>
        c.query<{
          id: string;
          version: string;
          name: string;
          direction: string;
          started_at: Date;
          finished_at: Date | null;
          execution_ms: number | null;
          success: boolean;
          error: string | null;
          applied_by: string;
          tool_version: string;
          note: string | null;
        }>(
          `SELECT id, version, name, direction, started_at, finished_at, execution_ms, success, error, applied_by, tool_version, ${note}
           FROM ${names.historySql} ORDER BY id DESC${limit}`,
        );
      try {
        // Reads never alter the store, so an older store without `note` reads as notes of null.
        const result = await read('note').catch((e: unknown) => {
          if (codeOf(e) === UNDEFINED_COLUMN) return read('NULL::text AS note');
          throw e;
        });
        return result.rows.map(
          (r): HistoryRecord => ({
            id: Number(r.id),
            version: Number(r.version),
            name: r.name,
            direction: r.direction as HistoryDirection,
            startedAt: r.started_at,
            finishedAt: r.finished_at,
            executionMs: r.execution_ms,
            success: r.success,
            error: r.error,
            appliedBy: r.applied_by,
            toolVersion: r.tool_version,
            note: r.note,
          }),
        );
      } catch (e) {
        if (MISSING.has(codeOf(e))) return [];
        throw storeError(e, 'could not read the migration history', names);
      }
    },
  };

  async function create(c: pg.Client): Promise<void> {
    if (names.schema !== undefined) {
      // CREATE SCHEMA IF NOT EXISTS still needs the CREATE privilege on the database, so look first.
      const has = await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [names.schema]);
      if (has.rowCount === 0) await c.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(names.schema)}`);
    }
    await c.query(createTablesSql(names));
  }
}

/** A row of the version table, as read by `applied` and by the writer's re-check. */
export interface RecordRow {
  version: string;
  name: string;
  checksum: string;
  applied_at: Date;
  execution_ms: number;
  applied_by: string;
  dirty: boolean;
  statements_done: number | null;
  /** only read by `find` (a bigint: pg returns a string) */
  rows_done?: string | null;
}

/** Progress is only ever shown on a dirty record (an older Godwit cleaning one leaves the column as it was). */
export function toRecord(r: RecordRow): AppliedRecord {
  return {
    version: Number(r.version),
    name: r.name,
    checksum: r.checksum,
    appliedAt: r.applied_at,
    executionMs: r.execution_ms,
    appliedBy: r.applied_by,
    dirty: r.dirty,
    ...(r.dirty && r.statements_done !== null && { statementsDone: r.statements_done }),
    ...(r.dirty && r.rows_done !== undefined && r.rows_done !== null && { rowsDone: Number(r.rows_done) }),
  };
}

export function codeOf(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
}

function storeError(e: unknown, what: string, names: StoreNames): GodwitError {
  const message = e instanceof Error ? e.message : String(e);
  return new GodwitError('STORE_ERROR', `${what} ${names.tableSql}: ${message}`, {
    hint: 'check that the user may create and write tables there, or choose another place with --table schema.name',
    cause: e,
  });
}
