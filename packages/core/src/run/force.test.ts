import { describe, expect, it } from 'vitest';
import type { AppliedRecord } from '../driver/contract.js';
import type { MigrationInfo } from '../plan/contract.js';
import { computeForce } from './force.js';

const m = (version: number): MigrationInfo => ({
  version,
  name: `m${version}`,
  checksum: `c${version}`,
  format: 'goose',
  reversible: true,
  file: `${version}_m${version}.sql`,
});
const r = (version: number, dirty = false): AppliedRecord => ({
  version,
  name: `m${version}`,
  checksum: `c${version}`,
  appliedAt: new Date(0),
  executionMs: 1,
  appliedBy: 'a@b',
  dirty,
});

describe('computeForce', () => {
  const files = [m(1), m(2), m(3)];
  it.each([
    { name: 'forward from nothing', applied: [], version: 2, remove: [], upsert: [1, 2], before: 0 },
    { name: 'back to an earlier version', applied: [r(1), r(2), r(3)], version: 1, remove: [2, 3], upsert: [], before: 3 },
    { name: 'to zero', applied: [r(1), r(2)], version: 0, remove: [1, 2], upsert: [], before: 2 },
    { name: 'clears a dirty record it keeps', applied: [r(1), r(2, true)], version: 2, remove: [], upsert: [2], before: 2 },
    { name: 'drops a dirty record above', applied: [r(1), r(2, true)], version: 1, remove: [2], upsert: [], before: 2 },
  ])('$name', ({ applied, version, remove, upsert, before }) => {
    const { change, result } = computeForce(files, applied, version);
    expect(change.remove).toEqual(remove);
    expect(change.upsert.map((u) => u.version)).toEqual(upsert);
    expect(change.history).toEqual([{ version, name: version ? `m${version}` : '', direction: 'force' }]);
    expect(result).toEqual({ before, after: version, removed: remove, recorded: upsert });
  });

  it('refuses a version no file or record has, naming the nearest', () => {
    expect(() => computeForce(files, [], 7)).toThrowError(expect.objectContaining({ code: 'UNKNOWN_VERSION' }));
    try {
      computeForce(files, [], 7);
    } catch (e) {
      expect((e as { hint: string }).hint).toContain('1, 2, 3');
    }
  });

  it('accepts the version of an applied record whose file is gone', () => {
    const { change } = computeForce([m(1)], [r(1), r(5, true)], 5);
    expect(change.upsert.map((u) => u.version)).toEqual([5]);
  });
});
