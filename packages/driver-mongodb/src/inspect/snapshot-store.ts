/**
 * `<table>_snapshots` on MongoDB: the schema snapshot recorded after each run, for drift. The
 * collection appears with its first document; reading finds nothing before that and creates
 * nothing. The latest KEEP documents are kept.
 */
import { type SnapshotStore, type StoredSnapshot, type StoreTableNames, snapshotsTableName } from '@godwit/core';
import { Binary, type Db, Long } from 'mongodb';

const KEEP = 20;

interface SnapshotDocument {
  takenAt: Date;
  version: Long | number;
  hash: string;
  snapshot: Binary;
}

export function createSnapshotStore(names: StoreTableNames, db: () => Promise<Db>): SnapshotStore {
  const name = snapshotsTableName(names.versions);
  const collection = async () => (await db()).collection<SnapshotDocument>(name);
  return {
    async latest() {
      const doc = await (await collection()).find({}, { sort: { takenAt: -1, _id: -1 }, limit: 1 }).next();
      return doc ? { version: Number(doc.version), hash: doc.hash, takenAt: doc.takenAt, data: doc.snapshot.buffer } : undefined;
    },
    async record(s: StoredSnapshot) {
      const c = await collection();
      await c.insertOne({ takenAt: s.takenAt, version: Long.fromNumber(s.version), hash: s.hash, snapshot: new Binary(Buffer.from(s.data)) });
      const old = await c.find({}, { sort: { takenAt: -1, _id: -1 }, skip: KEEP, projection: { _id: 1 } }).toArray();
      if (old.length > 0) await c.deleteMany({ _id: { $in: old.map((d) => d._id) } });
    },
  };
}
