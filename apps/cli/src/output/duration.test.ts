import { describe, expect, it } from 'vitest';
import { DURATION_PATTERN, formatDuration } from './duration.js';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [12, '12 ms'],
    [999, '999 ms'],
    [1000, '1.0 s'],
    [8724, '8.7 s'],
    [59_999, '59.9 s'],
    [60_000, '1 min 00 s'],
    [123_456, '2 min 03 s'],
    [3_599_999, '59 min 59 s'],
    [3_900_000, '1 h 05 min'],
  ])('%i ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(text).toMatch(new RegExp(`^(${DURATION_PATTERN})$`));
  });
});
