/**
 * The `_id`s of the store's documents. Every write of an up step is an insert keyed by `_id` (the
 * unique index every collection has), which costs the same at the 1,000th migration as at the
 * first; other writes address documents by `_id` equality, the one filter FerretDB pushes down
 * (a string or ObjectId `_id`; anything else scans the whole collection).
 *
 * Numbers are zero-padded to 16 digits (2^53-1 has 16), so string order is numeric order, and a
 * document's derived keys extend its key: a version's state documents sort right after its record
 * (`0000000000000042` < `0000000000000042.<chain>.0000000000000001` < `0000000000000043`), and a
 * history entry's completion right after the entry.
 */

/** `_id` of a version's record or of a history entry: 42 -> "0000000000000042". */
export function keyOf(n: number): string {
  return String(n).padStart(16, '0');
}

/** `_id` of state document `n` (1, 2, ...) of `version`'s record, in the chain its record names. */
export function stateKeyOf(version: number, chain: string, n: number): string {
  return `${keyOf(version)}.${chain}.${keyOf(n)}`;
}

// The ranges are for reads and deletes off the hot path (a resume, force, compaction): FerretDB scans
// the collection for them, MongoDB reads a range of the `_id` index. '.' and '/' are neighbours in
// ASCII, so everything that starts with "<key>." lies between "<key>." and "<key>/".

/** The `_id` range of `version`'s record and every state document of it. */
export function recordRangeOf(version: number): { $gte: string; $lt: string } {
  return { $gte: keyOf(version), $lt: `${keyOf(version)}/` };
}

/** The `_id` range of `chain`'s state documents of `version` below `before` (compaction). */
export function chainRangeBelow(version: number, chain: string, before: number): { $gt: string; $lt: string } {
  return { $gt: `${keyOf(version)}.${chain}.`, $lt: stateKeyOf(version, chain, before) };
}

/** `_id` of the document that completes history entry `id` (written by `finish`). */
export function completionKeyOf(id: number): string {
  return `${keyOf(id)}.done`;
}

/** What a versions-collection `_id` is: a version's record, or one of its state documents. */
export type ParsedVersionKey = { kind: 'record'; key: string } | { kind: 'state'; key: string; chain: string; n: number };

export function parseVersionKey(id: string): ParsedVersionKey {
  const [key = '', chain, n] = id.split('.');
  if (chain === undefined || n === undefined) return { kind: 'record', key };
  return { kind: 'state', key, chain, n: Number(n) };
}

/** The entry a history `_id` belongs to (its own, or the one a completion completes) and whether it completes it. */
export function parseHistoryKey(id: string): { key: string; completion: boolean } {
  const dot = id.indexOf('.');
  return dot < 0 ? { key: id, completion: false } : { key: id.slice(0, dot), completion: true };
}
