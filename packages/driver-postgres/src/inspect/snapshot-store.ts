/**
 * `<table>_snapshots` on PostgreSQL: the schema snapshot recorded after each run, for drift. Beside
 * the store's tables (same schema); created on the first record, read without creating anything.
 * The latest KEEP rows are kept: drift only ever compares with the newest.
 */
import { GodwitError, type SnapshotStore, type StoredSnapshot, snapshotsTableName } from '@godwit/core';
import type pg from 'pg';
import type { StoreNames } from '../store/store-sql.js';
import { qualified } from '../store/table-name.js';

const KEEP = 20;
/** undefined_table, invalid_schema_name: nothing recorded yet. */
const MISSING = new Set(['42P01', '3F000']);

export function createSnapshotStore(names: StoreNames, client: () => Promise<pg.Client>): SnapshotStore {
  const table = qualified(names.schema, snapshotsTableName(names.table));
  return {
    async latest() {
      const c = await client();
      try {
        const r = await c.query<{ version: string; hash: string; taken_at: Date; snapshot: Buffer }>(
          `SELECT version, hash, taken_at, snapshot FROM ${table} ORDER BY id DESC LIMIT 1`,
        );
        const row = r.rows[0];
        return row && { version: Number(row.version), hash: row.hash, takenAt: row.taken_at, data: row.snapshot };
      } catch (e) {
        if (MISSING.has((e as { code?: string }).code ?? '')) return undefined;
        throw new GodwitError('STORE_ERROR', `could not read ${table}: ${(e as Error).message}`, { cause: e });
      }
    },
    async record(s: StoredSnapshot) {
      const c = await client();
      await c.query(`CREATE TABLE IF NOT EXISTS ${table} (
  id bigserial PRIMARY KEY,
  taken_at timestamptz NOT NULL,
  version bigint NOT NULL,
  hash text NOT NULL,
  snapshot bytea NOT NULL
)`);
      await c.query(`INSERT INTO ${table} (taken_at, version, hash, snapshot) VALUES ($1, $2, $3, $4)`, [s.takenAt, s.version, s.hash, Buffer.from(s.data)]);
      await c.query(`DELETE FROM ${table} WHERE id <= (SELECT max(id) - ${KEEP} FROM ${table})`);
    },
  };
}
