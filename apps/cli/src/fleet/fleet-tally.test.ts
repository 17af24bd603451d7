import { describe, expect, it } from 'vitest';
import { KEPT_FAILURES, FleetTally } from './fleet-tally.js';
import type { TargetReport } from './target-report.js';

const report = (id: string, state: string): TargetReport => ({
  entry: { id, url: `sqlite:${id}.db` },
  target: `sqlite:${id}.db`,
  state,
  ok: state !== 'failed',
  json: {},
});

describe('FleetTally', () => {
  it('counts and emits targets in list order, holding only those that finished before a slower one', () => {
    const emitted: string[] = [];
    const tally = new FleetTally(undefined, (r) => emitted.push(r.entry.id));
    tally.add(2, report('c', 'migrated'));
    tally.add(1, report('b', 'failed'));
    expect(emitted).toEqual([]);
    expect(tally.total).toBe(0);
    tally.add(0, report('a', 'up-to-date'));
    expect(emitted).toEqual(['a', 'b', 'c']);
    expect(tally.counts).toEqual({ 'up-to-date': 1, failed: 1, migrated: 1 });
    expect(tally.ok).toBe(false);
    expect(tally.failures.map((r) => r.entry.id)).toEqual(['b']);
  });

  it('keeps the first failures and counts the rest', () => {
    const tally = new FleetTally();
    const n = KEPT_FAILURES + 7;
    for (let i = 0; i < n; i++) tally.add(i, report(`t${i}`, 'failed'));
    expect(tally.failed).toBe(n);
    expect(tally.failures).toHaveLength(KEPT_FAILURES);
    expect(tally.failures[0]!.entry.id).toBe('t0');
  });

  it("feeds the command's summary every target once", () => {
    const seen: string[] = [];
    const tally = new FleetTally({ add: (r) => seen.push(r.entry.id), table: () => '' });
    tally.add(1, report('b', 'migrated'));
    tally.add(0, report('a', 'migrated'));
    expect(seen).toEqual(['a', 'b']);
  });
});
