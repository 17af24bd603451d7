/**
 * golang-migrate's version collection on MongoDB, read for `godwit adopt` as its MongoDB driver
 * writes it: `SetVersion` drops the collection and inserts one `{version, dirty}` document (Go's
 * int, so Int32 or Int64; `{version: -1}` when nothing is applied). goose has no MongoDB support.
 * Only read: the team can go back to golang-migrate.
 */
import { PEER_TABLES, type PeerReader, type PeerTable } from '@godwit/core';
import type { Db } from 'mongodb';
import { type ErrorContext, storeError } from '../connection/errors.js';

export function createPeerReader(db: () => Promise<Db>, errors: ErrorContext): PeerReader {
  return {
    kinds: ['golang-migrate'],
    async read(kind, table = PEER_TABLES[kind]) {
      if (kind !== 'golang-migrate') return undefined;
      const d = await db();
      try {
        const exists = await d.listCollections({ name: table }, { nameOnly: true }).toArray();
        if (exists.length === 0) return undefined;
        const docs = await d.collection(table).find({}, { projection: { _id: 0, version: 1, dirty: 1 } }).toArray();
        return { kind, table, rows: docs.map((doc) => ({ version: Number(doc.version), dirty: doc.dirty === true })) } satisfies PeerTable;
      } catch (e) {
        throw storeError(e, `read golang-migrate's ${table}`, errors);
      }
    },
  };
}
