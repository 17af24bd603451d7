/**
 * Reading the append-only store (documents.ts) back: a version's record is its record document
 * with its chain's state documents applied in order, and a history entry is its document with its
 * completion applied. Records and entries written before state documents and completions existed
 * simply have none, so stores of both shapes read alike.
 */
import type { Document } from 'mongodb';
import { type CompletionDocument, type HistoryDocument, LEGACY_CHAIN, type StateDocument, type VersionDocument } from './documents.js';
import { parseHistoryKey, parseVersionKey } from './keys.js';

/** A version's record as the store holds it now, and where its chain stands (for the next state document). */
export interface FoldedRecord {
  doc: VersionDocument;
  chain: string;
  /** the lowest and highest state document number of the chain (1 and 0 when it has none) */
  first: number;
  last: number;
}

/** Every record among `docs` (record and state documents, any order), in version order. */
export function foldVersions(docs: readonly Document[]): FoldedRecord[] {
  const records = new Map<string, VersionDocument>();
  const states: Array<{ key: string; chain: string; n: number; doc: StateDocument }> = [];
  for (const doc of docs) {
    const id = parseVersionKey(String(doc._id));
    if (id.kind === 'record') records.set(id.key, doc as VersionDocument);
    else states.push({ key: id.key, chain: id.chain, n: id.n, doc: doc as StateDocument });
  }
  states.sort((a, b) => a.n - b.n);
  const folded = new Map<string, FoldedRecord>();
  for (const [key, doc] of records) folded.set(key, { doc, chain: doc.chain ?? LEGACY_CHAIN, first: 1, last: 0 });
  for (const state of states) {
    const record = folded.get(state.key);
    // A state document of another chain belongs to a record a crashed `remove` deleted: ignored.
    if (!record || record.chain !== state.chain) continue;
    const { _id, version, ...fields } = state.doc;
    record.doc = { ...record.doc, ...fields };
    if (record.last === 0) record.first = state.n;
    record.last = state.n;
  }
  return [...folded.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, record]) => record);
}

/** Every entry among `docs` (entries and completions, any order), newest first; a completion whose entry is not among them is left out. */
export function foldHistory(docs: readonly Document[]): HistoryDocument[] {
  const entries = new Map<string, HistoryDocument>();
  const completions = new Map<string, CompletionDocument>();
  for (const doc of docs) {
    const id = parseHistoryKey(String(doc._id));
    if (id.completion) completions.set(id.key, doc as CompletionDocument);
    else entries.set(id.key, doc as HistoryDocument);
  }
  return [...entries.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([key, entry]) => {
      const completion = completions.get(key);
      if (!completion) return entry;
      const { _id, id, ...outcome } = completion;
      return { ...entry, ...outcome };
    });
}
