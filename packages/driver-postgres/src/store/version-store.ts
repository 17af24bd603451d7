/**
 * The VersionStore on PostgreSQL: reads never lock and never create anything (so `status` on a
 * fresh database changes nothing); `ensure` creates the schema and both tables when missing.
 */
import type { AppliedRecord, HistoryDirection, HistoryRecord, VersionStore } from '@godwit/core';
import { GodwitError } from '@godwit/core';
import type pg from 'pg';
import { escapeLiteral } from '../connection/pg-module.js';
import { addNoteColumnSql, createTablesSql, type StoreNames } from './store-sql.js';
import { quoteIdent } from './table-name.js';

/** undefined_table, invalid_schema_name: the store has not been created yet. */
const MISSING = new Set(['42P01', '3F000']);
/** undefined_column: a store created before the history's `note` column, read without ensure. */
const UNDEFINED_COLUMN = '42703';
/** Another session created the same object at the same moment (when ensure runs without the lock). */
const RACE = new Set(['23505', '42P07', '42P06']);

export function createVersionStore(names: StoreNames, client: () => Promise<pg.Client>): VersionStore {
  return {
    async ensure() {
      const c = await client();
      // Looked up first so that an up-to-date store costs one read, not an ALTER TABLE's exclusive lock.
      const exists = await c.query<{ ok: boolean; has_note: boolean }>(
        `SELECT to_regclass(${escapeLiteral(names.tableSql)}) IS NOT NULL AND to_regclass(${escapeLiteral(names.historySql)}) IS NOT NULL AS ok,
           EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(${escapeLiteral(names.historySql)})
                   AND attname = 'note' AND NOT attisdropped) AS has_note`,
      );
      if (exists.rows[0]?.ok) {
        if (exists.rows[0].has_note) return;
        try {
          await c.query(addNoteColumnSql(names));
        } catch (e) {
          throw storeError(e, 'could not add the note column to the history of', names);
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
      try {
        const result = await c.query<{
          version: string;
          name: string;
          checksum: string;
          applied_at: Date;
          execution_ms: number;
          applied_by: string;
          dirty: boolean;
        }>(`SELECT version, name, checksum, applied_at, execution_ms, applied_by, dirty FROM ${names.tableSql} ORDER BY version`);
        return result.rows.map(
          (r): AppliedRecord => ({
            version: Number(r.version),
            name: r.name,
            checksum: r.checksum,
            appliedAt: r.applied_at,
            executionMs: r.execution_ms,
            appliedBy: r.applied_by,
            dirty: r.dirty,
          }),
        );
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
