import { describe, expect, it } from 'vitest';
import { selectExpired } from './retention.js';

const now = new Date('2026-11-21T12:00:00Z');
const daysAgo = (d: number) => ({ id: `${d}d`, createdAt: new Date(now.getTime() - d * 86_400_000) });
const all = [daysAgo(0), daysAgo(1), daysAgo(3), daysAgo(10), daysAgo(40)];
const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id).sort();

describe('retention', () => {
  it('by count keeps the newest N, whatever order they come in', () => {
    expect(ids(selectExpired([...all].reverse(), { keep: 2 }, now))).toEqual(['10d', '3d', '40d']);
    expect(selectExpired(all, { keep: 5 }, now)).toEqual([]);
  });

  it('by age removes what is older than maxAgeDays', () => {
    expect(ids(selectExpired(all, { maxAgeDays: 7 }, now))).toEqual(['10d', '40d']);
  });

  it('both rules together: a backup goes when either says so', () => {
    expect(ids(selectExpired(all, { keep: 4, maxAgeDays: 2 }, now))).toEqual(['10d', '3d', '40d']);
  });

  it('never removes the newest, even when it is older than the age limit', () => {
    expect(ids(selectExpired([daysAgo(30), daysAgo(50)], { maxAgeDays: 7 }, now))).toEqual(['50d']);
    expect(ids(selectExpired(all, { keep: 0 }, now))).toEqual(['10d', '1d', '3d', '40d']);
  });

  it('no rule removes nothing', () => {
    expect(selectExpired(all, {}, now)).toEqual([]);
  });
});
