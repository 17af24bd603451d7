import { describe, expect, it } from 'vitest';
import { threadCount } from './fleet-threads.js';

describe('threadCount', () => {
  it('by default: one per running target, at most 3, and none for a few targets', () => {
    expect(threadCount(1000, 16, undefined, true)).toBe(3);
    expect(threadCount(1000, 2, undefined, true)).toBe(2);
    expect(threadCount(1000, 1, undefined, true)).toBe(0);
    expect(threadCount(20, 16, undefined, true)).toBe(2);
    expect(threadCount(10, 16, undefined, true)).toBe(0);
    expect(threadCount(0, 16, undefined, true)).toBe(0);
  });

  it('none by default for a read-only job (nothing to overlap)', () => {
    expect(threadCount(1000, 16, undefined, false)).toBe(0);
    expect(threadCount(1000, 16, 4, false)).toBe(4);
  });

  it('--threads as given, never more than the targets, none below 2', () => {
    expect(threadCount(1000, 4, 12, true)).toBe(12);
    expect(threadCount(3, 4, 12, true)).toBe(3);
    expect(threadCount(1000, 4, 1, true)).toBe(0);
    expect(threadCount(1000, 4, 0, true)).toBe(0);
  });
});
