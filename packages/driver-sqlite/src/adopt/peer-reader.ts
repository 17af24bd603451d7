/**
 * goose's and golang-migrate's version tables in a SQLite file, read for `godwit adopt` as the
 * peers write them (goose: `id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER, is_applied
 * INTEGER, tstamp`; golang-migrate: `version uint64, dirty bool` with a unique index, one row).
 * Go's SQLite drivers store booleans as 1 and 0. A file that does not exist is not created, and
 * the tables are only read: the team can go back to the peer.
 */
import { GodwitError, PEER_TABLES, type PeerKind, type PeerReader, type PeerTable } from '@godwit/core';
import type { SqliteConnection } from '../connection/connection.js';

const COLUMNS: Record<PeerKind, string[]> = {
  goose: ['id', 'version_id', 'is_applied'],
  'golang-migrate': ['version', 'dirty'],
};

export function createPeerReader(connection: SqliteConnection): PeerReader {
  return {
    kinds: ['goose', 'golang-migrate'],
    async read(kind, table = PEER_TABLES[kind]) {
      const db = connection.openIfExists();
      if (!db) return undefined;
      const columns = new Set(
        (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>).map((c) => c.name.toLowerCase()),
      );
      // Absent, or a table of that name that is not the peer's.
      if (!COLUMNS[kind].every((col) => columns.has(col))) return undefined;
      const sql = `"${table.replace(/"/g, '""')}"`;
      try {
        if (kind === 'goose') {
          const rows = db.prepare(`SELECT id, version_id, is_applied FROM ${sql} ORDER BY id`).all() as Array<Record<string, unknown>>;
          return {
            kind,
            table,
            rows: rows.map((r) => ({ id: Number(r.id), versionId: Number(r.version_id), isApplied: truthy(r.is_applied) })),
          } satisfies PeerTable;
        }
        const rows = db.prepare(`SELECT version, dirty FROM ${sql}`).all() as Array<Record<string, unknown>>;
        return { kind, table, rows: rows.map((r) => ({ version: Number(r.version), dirty: truthy(r.dirty) })) } satisfies PeerTable;
      } catch (e) {
        throw new GodwitError('STORE_ERROR', `could not read ${kind}'s ${table} in ${connection.path}: ${e instanceof Error ? e.message : String(e)}`, {
          hint: 'check that the file is readable and not locked by another program',
          cause: e,
        });
      }
    },
  };
}

/** A boolean as Go's drivers store it (1/0), or as text a hand-made row might hold. */
function truthy(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0;
  if (typeof value === 'string') return /^(1|t|true)$/i.test(value.trim());
  return value === true;
}
