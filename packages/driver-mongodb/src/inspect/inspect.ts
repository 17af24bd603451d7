/**
 * `inspect()` on MongoDB: every collection and view (`listCollections`: its options, the validator
 * among them) and every index (`listIndexes`), as Extended JSON with sorted keys, except an
 * index's key, whose order is the index. Godwit's store collections and `system.*` are left out.
 */
import { makeSnapshot, type SchemaObject, type SchemaSnapshot, type StoreTableNames, snapshotsTableName } from '@godwit/core';
import { EJSON } from 'bson';
import type { Db, Document } from 'mongodb';

/** Index fields that say nothing about the index itself. */
const INDEX_NOISE = new Set(['v', 'ns', 'name', 'key']);

export async function inspectMongo(db: Db, names: StoreTableNames): Promise<SchemaSnapshot> {
  const store = new Set([names.versions, names.history, names.lock, snapshotsTableName(names.versions)]);
  const collections = (await db.listCollections({}, { nameOnly: false }).toArray()).filter(
    (c) => !store.has(c.name) && !c.name.startsWith('system.'),
  );
  const perCollection = await Promise.all(
    collections.map(async (c): Promise<SchemaObject[]> => {
      const options = (c as { options?: Document }).options ?? {};
      if (c.type === 'view') return [{ type: 'view', name: c.name, definition: canonical(options) }];
      const indexes = await db.collection(c.name).listIndexes().toArray();
      return [
        { type: 'collection', name: c.name, definition: Object.keys(options).length === 0 ? '' : canonical(options) },
        ...indexes.map((i) => ({ type: 'index', name: `${c.name}.${String(i.name)}`, definition: indexDefinition(i) })),
      ];
    }),
  );
  return makeSnapshot('mongodb', perCollection.flat());
}

/** `{ email: 1 } {"unique":true}`: the key in its own order, then the other options sorted. */
function indexDefinition(index: Document): string {
  const key = Object.entries((index.key ?? {}) as Document)
    .map(([field, dir]) => `${field}: ${EJSON.stringify(dir as never, { relaxed: true })}`)
    .join(', ');
  const rest = Object.fromEntries(Object.entries(index).filter(([k]) => !INDEX_NOISE.has(k)));
  return `{ ${key} }${Object.keys(rest).length === 0 ? '' : ` ${canonical(rest)}`}`;
}

/** Extended JSON with every plain object's keys sorted, so equal options print equally. */
function canonical(value: unknown): string {
  return EJSON.stringify(sortKeys(value) as never, { relaxed: true });
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const obj = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(obj)
      .sort()
      .map((k) => [k, sortKeys(obj[k])]),
  );
}
