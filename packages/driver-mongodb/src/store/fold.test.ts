import { Long } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { foldHistory, foldVersions } from './fold.js';
import { completionKeyOf, keyOf, stateKeyOf } from './keys.js';

const at = new Date('2025-01-01T00:00:00Z');
const later = new Date('2025-01-01T00:00:05Z');
const record = (version: number, fields: Record<string, unknown> = {}) => ({
  _id: keyOf(version),
  version: Long.fromNumber(version),
  name: `m${version}`,
  checksum: 'c',
  applied_at: at,
  execution_ms: 0,
  applied_by: 't@t',
  dirty: true,
  ...fields,
});
const state = (version: number, chain: string, n: number, fields: Record<string, unknown>) => ({ _id: stateKeyOf(version, chain, n), version: Long.fromNumber(version), ...fields });

describe('foldVersions', () => {
  it('applies a record’s state documents in order, whatever order they come in', () => {
    const [r] = foldVersions([
      state(7, 'c1', 2, { dirty: false, applied_at: later, execution_ms: 12, statements_done: null, rows_done: null }),
      record(7, { chain: 'c1' }),
      state(7, 'c1', 1, { statements_done: 1, rows_done: null }),
    ]);
    expect(r).toMatchObject({ chain: 'c1', first: 1, last: 2, doc: { _id: keyOf(7), name: 'm7', dirty: false, applied_at: later, execution_ms: 12, statements_done: null } });
  });

  it('leaves a dirty record with its progress when the clean state never came', () => {
    const [r] = foldVersions([record(3, { chain: 'c' }), state(3, 'c', 1, { statements_done: 1, rows_done: null }), state(3, 'c', 2, { rows_done: 500 })]);
    expect(r?.doc).toMatchObject({ dirty: true, statements_done: 1, rows_done: 500 });
  });

  it('ignores state documents of another chain (left by a crashed remove) and of records that are gone', () => {
    const folded = foldVersions([
      record(1, { chain: 'new' }),
      state(1, 'old', 1, { dirty: false }),
      state(2, 'old', 1, { dirty: false }),
    ]);
    expect(folded).toHaveLength(1);
    expect(folded[0]).toMatchObject({ chain: 'new', last: 0, doc: { dirty: true } });
  });

  it('reads a record written before state documents existed as it is, on the legacy chain', () => {
    const [r] = foldVersions([record(5, { dirty: false })]);
    expect(r).toMatchObject({ chain: 'legacy', first: 1, last: 0, doc: { dirty: false } });
    expect(r?.doc).not.toHaveProperty('chain');
    const [progressed] = foldVersions([record(5, { dirty: true, statements_done: 1 }), state(5, 'legacy', 1, { statements_done: 2, rows_done: null })]);
    expect(progressed?.doc).toMatchObject({ dirty: true, statements_done: 2 });
  });

  it('returns records in version order', () => {
    expect(foldVersions([record(20250101120000), record(3), record(10)]).map((r) => Number(r.doc.version))).toEqual([3, 10, 20250101120000]);
  });
});

describe('foldHistory', () => {
  const entry = (id: number, fields: Record<string, unknown> = {}) => ({ _id: keyOf(id), id, finished_at: null, execution_ms: null, success: false, error: null, note: 'backup: b', ...fields });

  it('completes an entry with its completion, newest first, keeping the note unless the completion sets one', () => {
    const folded = foldHistory([
      entry(1),
      { _id: completionKeyOf(1), id: 1, finished_at: later, execution_ms: 5, success: true, error: null },
      entry(2),
      { _id: completionKeyOf(2), id: 2, finished_at: later, execution_ms: 9, success: true, error: null, note: 'batched: 10 row(s)' },
      entry(3),
    ]);
    expect(folded.map((h) => [h.id, h.success, h.finished_at, h.note])).toEqual([
      [3, false, null, 'backup: b'],
      [2, true, later, 'batched: 10 row(s)'],
      [1, true, later, 'backup: b'],
    ]);
  });

  it('leaves out a completion whose entry was not read (a limit cut between them)', () => {
    expect(foldHistory([{ _id: completionKeyOf(4), id: 4, finished_at: later, execution_ms: 1, success: true, error: null }])).toEqual([]);
  });
});
