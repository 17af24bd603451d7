import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from './driver/contract.js';
import { computeHealth, healthReasons } from './health.js';
import { createMigrator } from './migrator.js';
import { file, files, record, records } from './plan/__fixtures__/builders.js';
import { createMemoryDriver } from './testing/memory-driver.js';

function historyRow(o: Partial<HistoryRecord> = {}): HistoryRecord {
  return {
    id: 1,
    version: 2,
    name: 'm2',
    direction: 'up',
    startedAt: new Date('2025-01-01T00:00:00Z'),
    finishedAt: new Date('2025-01-01T00:00:02Z'),
    executionMs: 2000,
    success: true,
    error: null,
    appliedBy: 'ci@host',
    toolVersion: '0.1.0',
    note: null,
    ...o,
  };
}

describe('computeHealth', () => {
  it('is ok when every file is applied, clean and unchanged', () => {
    const report = computeHealth(files(1, 2), records(1, 2), historyRow());
    expect(report).toEqual({
      ok: true,
      current: 2,
      latest: 2,
      pending: 0,
      pendingVersions: [],
      dirty: false,
      problems: [],
      lastRun: { version: 2, name: 'm2', direction: 'up', success: true, at: '2025-01-01T00:00:02.000Z' },
    });
    expect(healthReasons(report)).toEqual([]);
  });

  it('counts pending files, code migrations of other tools included', () => {
    const report = computeHealth([file(1), file(2), file(3, { format: 'unsupported' })], records(1));
    expect(report.ok).toBe(false);
    expect(report.pending).toBe(2);
    expect(report.pendingVersions).toEqual([2, 3]);
    expect(report.latest).toBe(3);
    expect(report.lastRun).toBeUndefined();
    expect(healthReasons(report)).toEqual(['2 pending (2, 3)']);
  });

  it('reports dirty, modified and missing records as problems', () => {
    const report = computeHealth([file(1, { checksum: 'edited' }), file(3)], [record(1), record(2), record(3, { dirty: true })]);
    expect(report.ok).toBe(false);
    expect(report.dirty).toBe(true);
    expect(report.problems.map((p) => [p.version, p.code])).toEqual([
      [1, 'CHECKSUM_MISMATCH'],
      [2, 'MISSING_FILE'],
      [3, 'DIRTY'],
    ]);
    const reasons = healthReasons(report);
    expect(reasons[0]).toBe('dirty');
    expect(reasons).toHaveLength(3);
  });

  it('takes the start time and error of a failed run that never finished', () => {
    const report = computeHealth(files(1), [], historyRow({ version: 1, success: false, finishedAt: null, error: 'boom' }));
    expect(report.lastRun).toMatchObject({ success: false, at: '2025-01-01T00:00:00.000Z', error: 'boom' });
  });
});

describe('migrator.health()', () => {
  it('reads files, store and history without creating anything, before and after a run', async () => {
    const driver = createMemoryDriver();
    const m = createMigrator({
      driver,
      migrations: [
        { version: 1, name: 'a', up: 'CREATE TABLE a' },
        { version: 2, name: 'b', up: 'CREATE TABLE b' },
      ],
    });
    const before = await m.health();
    expect(before).toMatchObject({ ok: false, current: 0, latest: 2, pending: 2, dirty: false, problems: [] });
    expect(driver.database.storeExists).toBe(false);

    expect((await m.up()).ok).toBe(true);
    const after = await m.health();
    expect(after).toMatchObject({ ok: true, current: 2, latest: 2, pending: 0, dirty: false });
    expect(after.lastRun).toMatchObject({ version: 2, name: 'b', direction: 'up', success: true });
  });
});
