import { describe, expect, it } from 'vitest';
import { batchWords } from './batch-words.js';

const base = { event: 'batch-progress' as const, version: 3, name: 'backfill', elapsedMs: 2000 };

describe('batchWords', () => {
  it('words the start, a batch and the end', () => {
    expect(batchWords({ ...base, rowsDone: 0, total: 200000, batches: 0, rowsPerSecond: 0, finished: false })).toBe(
      'batched backfill: 0 of ~200,000 rows done, starting',
    );
    expect(batchWords({ ...base, rowsDone: 45000, total: 200000, batches: 9, rowsPerSecond: 12000, etaMs: 13000, finished: false })).toBe(
      '45,000 of ~200,000 rows (22%), 12,000 rows/s, about 13.0 s left',
    );
    expect(batchWords({ ...base, rowsDone: 200000, total: 200000, batches: 40, rowsPerSecond: 1, finished: true })).toBe('200,000 row(s) done in 40 batch(es) (2.0 s)');
    expect(batchWords({ ...base, rowsDone: 5, batches: 1, rowsPerSecond: 5, finished: false })).toBe('5 rows, 5 rows/s');
  });
});
