/**
 * The store's two collections on a database, made once per database rather than per write: a
 * `Collection` is cheap but not free (options, read and write concerns), and a run makes four
 * store writes per migration.
 */
import type { Collection, Db } from 'mongodb';
import type { CompletionDocument, HistoryDocument, StateDocument, VersionDocument } from './documents.js';
import type { StoreNames } from './names.js';

/** Each holds two kinds of document (documents.ts): records and their state documents; entries and their completions. */
export interface StoreCollections {
  versions: Collection<VersionDocument | StateDocument>;
  history: Collection<HistoryDocument | CompletionDocument>;
}

const made = new WeakMap<Db, Map<string, StoreCollections>>();

export function storeCollections(db: Db, names: StoreNames): StoreCollections {
  const byName = made.get(db) ?? new Map<string, StoreCollections>();
  made.set(db, byName);
  const collections = byName.get(names.versions) ?? { versions: db.collection(names.versions), history: db.collection(names.history) };
  byName.set(names.versions, collections);
  return collections;
}
