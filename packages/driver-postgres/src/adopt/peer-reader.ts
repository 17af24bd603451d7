/**
 * goose's and golang-migrate's version tables on PostgreSQL, read for `godwit adopt` exactly as
 * the peers write them (goose: `id serial, version_id bigint, is_applied boolean, tstamp`;
 * golang-migrate: `version bigint, dirty boolean`, one row). Existence is looked up first (with
 * `to_regclass`, which never fails), so no query errors on a session that may be used next, and
 * nothing is created or changed: the team can go back to the peer.
 */
import { GodwitError, PEER_TABLES, type PeerKind, type PeerReader, type PeerTable } from '@godwit/core';
import type pg from 'pg';
import { escapeLiteral } from '../connection/pg-module.js';
import { parseTableName, qualified } from '../store/table-name.js';

const COLUMNS: Record<PeerKind, string[]> = {
  goose: ['id', 'version_id', 'is_applied'],
  'golang-migrate': ['version', 'dirty'],
};

export function createPeerReader(client: () => Promise<pg.Client>): PeerReader {
  return {
    kinds: ['goose', 'golang-migrate'],
    async read(kind, table = PEER_TABLES[kind]) {
      const name = parseTableName(table);
      const sql = qualified(name.schema, name.table);
      const c = await client();
      const found = await c.query<{ attname: string }>(
        `SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(${escapeLiteral(sql)}) AND attnum > 0 AND NOT attisdropped`,
      );
      const columns = new Set(found.rows.map((r) => r.attname));
      // Absent, or a table of that name that is not the peer's (Rails has a schema_migrations too).
      if (!COLUMNS[kind].every((col) => columns.has(col))) return undefined;
      try {
        if (kind === 'goose') {
          const rows = await c.query<{ id: string; version_id: string; is_applied: boolean }>(`SELECT id, version_id, is_applied FROM ${sql} ORDER BY id`);
          return {
            kind,
            table,
            rows: rows.rows.map((r) => ({ id: Number(r.id), versionId: Number(r.version_id), isApplied: r.is_applied === true })),
          } satisfies PeerTable;
        }
        const rows = await c.query<{ version: string; dirty: boolean }>(`SELECT version, dirty FROM ${sql}`);
        return { kind, table, rows: rows.rows.map((r) => ({ version: Number(r.version), dirty: r.dirty === true })) } satisfies PeerTable;
      } catch (e) {
        throw new GodwitError('STORE_ERROR', `could not read ${kind}'s ${table}: ${e instanceof Error ? e.message : String(e)}`, {
          hint: 'check that the user may read that table',
          cause: e,
        });
      }
    },
  };
}
