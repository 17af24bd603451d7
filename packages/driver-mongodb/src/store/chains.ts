/**
 * Where each version's record chain stands (documents.ts, keys.ts), so the next state document
 * is one insert with no read first: learnt from the store's read under the lock (which core makes
 * right after taking it, to plan), from the record the writer inserts (every up step) or reads (a
 * resume, force), and counted up from there. Forgotten when the lock is taken, since another
 * runner may have written meanwhile; if the count is ever wrong anyway, the `_id` index refuses
 * the state document and the writer reads the chain again.
 */
import { ObjectId } from 'mongodb';

export interface ChainPosition {
  chain: string;
  /** the state documents that may exist are numbers `first`..`last` (none when `last` is 0) */
  first: number;
  last: number;
}

export class ChainPositions {
  private readonly positions = new Map<number, ChainPosition>();

  get(version: number): ChainPosition | undefined {
    return this.positions.get(version);
  }

  set(version: number, position: ChainPosition): void {
    this.positions.set(version, position);
  }

  forget(version: number): void {
    this.positions.delete(version);
  }

  reset(): void {
    this.positions.clear();
  }
}

/** A name for a newly inserted record's chain: unique, so no earlier record's leftovers join it. */
export function newChain(): string {
  return new ObjectId().toHexString();
}
