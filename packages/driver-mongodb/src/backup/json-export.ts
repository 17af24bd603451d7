/**
 * MongoDB without mongodump (core's BackupEngine), on the driver's connection: every collection
 * (options, indexes, documents) written as canonical Extended JSON (export-format.ts), so types
 * (ObjectId, Date, Long, Decimal128) come back exactly. Restoring reads the file through first,
 * then drops every collection, so collections created after the backup do not survive.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { BackupEngine } from '@godwit/core';
import { EJSON } from 'bson';
import type { Db, Document } from 'mongodb';
import { type CollectionLine, FORMAT, readExport } from './export-format.js';

const BATCH = 1000;
// Read values as their BSON types (Int32, Long, Double, Binary), not as JS numbers and Buffers,
// so the canonical Extended JSON written keeps them and a restore gives back the same types.
const EXACT = { promoteLongs: false, promoteValues: false, promoteBuffers: false } as const;

export interface JsonExportDeps {
  /** the driver's database, connected on first use */
  db: () => Promise<Db>;
  /** the runner's lock collection: its document is left out, so a restore does not come back locked */
  lockCollection: string;
}

export function jsonExportEngine(deps: JsonExportDeps): BackupEngine {
  return {
    method: 'extended-json export',
    ext: 'ndjson',
    compressed: false,
    async dump(file) {
      const db = await deps.db();
      // Owner-only: the export is the whole database (the backup plugin also writes it in a private folder).
      const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
      const write = async (value: unknown) => {
        if (!out.write(`${EJSON.stringify(value, { relaxed: false })}\n`)) await once(out, 'drain');
      };
      const opened = once(out, 'open');
      out.on('error', () => {});
      await opened;
      await write({ format: FORMAT, version: 1, database: db.databaseName });
      const infos = (await db.listCollections({}, { nameOnly: false }).toArray()) as Document[];
      let collections = 0;
      for (const info of infos.sort((a, b) => String(a.name).localeCompare(String(b.name)))) {
        const name = String(info.name);
        if (name.startsWith('system.')) continue;
        const type = String(info.type ?? 'collection');
        const indexes = type === 'collection' ? await db.collection(name).indexes() : [];
        const line: CollectionLine = { collection: name, type, options: (info.options as Document) ?? {}, indexes };
        await write(line);
        let count = 0;
        if (type === 'collection' && name !== deps.lockCollection) {
          for await (const doc of db.collection(name).find({}, { sort: { _id: 1 }, ...EXACT })) {
            await write({ d: doc });
            count++;
          }
        }
        await write({ end: name, count });
        collections++;
      }
      await write({ done: true, collections });
      out.end();
      await once(out, 'finish');
    },
    async verify(file) {
      let collections = 0;
      let documents = 0;
      for await (const entry of readExport(file)) {
        if (entry.kind === 'collection') collections++;
        if (entry.kind === 'document') documents++;
      }
      return `${collections} collection(s), ${documents} document(s), complete`;
    },
    async restore(file) {
      // Read it through once before dropping anything: a damaged file must not empty the database.
      for await (const _ of readExport(file)) {
      }
      const db = await deps.db();
      for (const info of await db.listCollections({}, { nameOnly: true }).toArray()) {
        if (!info.name.startsWith('system.')) await db.collection(info.name).drop();
      }
      let current: CollectionLine | undefined;
      let batch: Document[] = [];
      const flush = async () => {
        if (current && batch.length > 0) await db.collection(current.collection).insertMany(batch, { ordered: true });
        batch = [];
      };
      for await (const entry of readExport(file)) {
        if (entry.kind === 'collection') {
          current = entry.line;
          await db.createCollection(current.collection, current.options);
          const indexes = current.indexes
            .filter((ix) => ix.name !== '_id_')
            .map(({ v: _v, ns: _ns, ...rest }) => rest as Document & { key: Document });
          if (indexes.length > 0) await db.collection(current.collection).createIndexes(indexes as never);
        } else if (entry.kind === 'document') {
          batch.push(entry.doc);
          if (batch.length >= BATCH) await flush();
        } else if (entry.kind === 'end') {
          await flush();
        }
      }
    },
  };
}
