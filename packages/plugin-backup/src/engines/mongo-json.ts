/**
 * MongoDB without mongodump: every collection (options, indexes, documents) written as
 * newline-delimited canonical Extended JSON, so types (ObjectId, Date, Long, Decimal128) come back
 * exactly. Lines: a header, then per collection `{collection}`, its documents `{d}`, and
 * `{end, count}`; a final `{done}` line proves the file is complete. Restoring drops every
 * collection first, so collections created after the backup do not survive.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { GodwitError } from '@godwit/core';
import { EJSON } from 'bson';
import { type Db, type Document, MongoClient } from 'mongodb';
import { redactUrl } from '../redact.js';
import type { Engine } from './engine.js';

const FORMAT = 'godwit-mongo-export';
const BATCH = 1000;
// Read values as their BSON types (Int32, Long, Double, Binary), not as JS numbers and Buffers,
// so the canonical Extended JSON written keeps them and a restore gives back the same types.
const EXACT = { promoteLongs: false, promoteValues: false, promoteBuffers: false } as const;

interface CollectionLine {
  collection: string;
  type: string;
  options: Document;
  indexes: Document[];
}

export function mongoJsonEngine(url: string, table: string, serverSelectionTimeoutMs = 5_000): Engine {
  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: serverSelectionTimeoutMs });
    try {
      await client.connect();
    } catch (e) {
      throw new GodwitError('CONNECTION_FAILED', `cannot connect to ${redactUrl(url)}: ${(e as Error).message}`, {
        hint: 'check --database and that the server is up',
      });
    }
    try {
      return await fn(client.db());
    } finally {
      await client.close();
    }
  }

  return {
    method: 'extended-json export',
    ext: 'ndjson',
    compressed: false,
    dump: (file) =>
      withDb(async (db) => {
        const out = createWriteStream(file, { flags: 'wx' });
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
          // The runner's lock document is in the database while it backs up; leave it out.
          if (type === 'collection' && name !== `${table}_lock`) {
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
      }),
    async verify(file) {
      let collections = 0;
      let documents = 0;
      for await (const entry of readExport(file)) {
        if (entry.kind === 'collection') collections++;
        if (entry.kind === 'document') documents++;
      }
      return `${collections} collection(s), ${documents} document(s), complete`;
    },
    restore: (file) =>
      withDb(async (db) => {
        // Read it through once before dropping anything: a damaged file must not empty the database.
        for await (const _ of readExport(file)) {
        }
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
      }),
  };
}

type Entry =
  | { kind: 'collection'; line: CollectionLine }
  | { kind: 'document'; doc: Document }
  | { kind: 'end' };

/** Parse and check an export as it streams: order, counts and the closing line. */
async function* readExport(file: string): AsyncGenerator<Entry> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  const fail = (lineNo: number, why: string) =>
    new GodwitError('BACKUP_FAILED', `${why}`, { file, line: lineNo, hint: 'the export is damaged or incomplete; use another backup' });
  let lineNo = 0;
  let header = false;
  let done = false;
  let open: string | undefined;
  let count = 0;
  for await (const text of lines) {
    lineNo++;
    if (text === '') continue;
    let value: Document;
    try {
      value = EJSON.parse(text, { relaxed: false }) as Document;
    } catch (e) {
      throw fail(lineNo, `not Extended JSON: ${(e as Error).message}`);
    }
    if (!header) {
      if (value.format !== FORMAT) throw fail(lineNo, `not a godwit MongoDB export (no "${FORMAT}" header)`);
      header = true;
    } else if (done) {
      throw fail(lineNo, 'data after the closing line');
    } else if (typeof value.collection === 'string') {
      if (open !== undefined) throw fail(lineNo, `collection ${open} has no end line`);
      open = value.collection;
      count = 0;
      yield { kind: 'collection', line: value as unknown as CollectionLine };
    } else if ('d' in value) {
      if (open === undefined) throw fail(lineNo, 'a document outside any collection');
      count++;
      yield { kind: 'document', doc: value.d as Document };
    } else if (typeof value.end === 'string') {
      if (value.end !== open || Number(value.count) !== count) throw fail(lineNo, `collection ${value.end}: expected ${value.count} document(s), found ${count}`);
      open = undefined;
      yield { kind: 'end' };
    } else if (value.done === true) {
      done = true;
    } else {
      throw fail(lineNo, 'an unknown line');
    }
  }
  if (!header || !done) throw fail(lineNo, 'the export ends before its closing line (truncated)');
}
