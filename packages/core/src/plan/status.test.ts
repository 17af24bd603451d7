import { describe, expect, it } from 'vitest';
import type { AppliedRecord } from '../driver/contract.js';
import { file, files, record, records } from './__fixtures__/builders.js';
import type { MigrationInfo, StatusEntry } from './contract.js';
import { computeStatus, findProblems } from './status.js';

/** `3:applied`, `4:pending*` (* = out of order) */
const statesOf = (entries: StatusEntry[]): string[] =>
  entries.map((e) => `${e.version}:${e.state}${e.outOfOrder ? '*' : ''}`);

describe('computeStatus', () => {
  const cases: Array<{ name: string; migrations: MigrationInfo[]; applied: AppliedRecord[]; states: string[]; current: number; dirty: boolean }> = [
    { name: 'nothing at all', migrations: [], applied: [], states: [], current: 0, dirty: false },
    { name: 'all pending', migrations: files(1, 2), applied: [], states: ['1:pending', '2:pending'], current: 0, dirty: false },
    { name: 'some applied', migrations: files(1, 2, 3), applied: records(1, 2), states: ['1:applied', '2:applied', '3:pending'], current: 2, dirty: false },
    { name: 'a pending file below the current version is out of order', migrations: files(1, 2, 3, 4), applied: records(1, 3), states: ['1:applied', '2:pending*', '3:applied', '4:pending'], current: 3, dirty: false },
    { name: 'an applied version without a file is missing', migrations: files(1, 3), applied: records(1, 2), states: ['1:applied', '2:missing', '3:pending'], current: 2, dirty: false },
    { name: 'an edited applied file is modified', migrations: [file(1, { checksum: 'x' }), file(2)], applied: records(1), states: ['1:modified', '2:pending'], current: 1, dirty: false },
    { name: 'a dirty record is dirty, even when edited or missing', migrations: [file(1, { checksum: 'x' })], applied: [record(1, { dirty: true }), record(2, { dirty: true })], states: ['1:dirty', '2:dirty'], current: 2, dirty: true },
    { name: 'a pending code migration is unsupported', migrations: [file(1), file(2, { format: 'unsupported' })], applied: [], states: ['1:pending', '2:unsupported'], current: 0, dirty: false },
    { name: 'an unsupported file below the current version is out of order too', migrations: [file(1, { format: 'unsupported' }), file(2)], applied: records(2), states: ['1:unsupported*', '2:applied'], current: 2, dirty: false },
    { name: 'an applied (skipped) code migration is applied, edited or not', migrations: [file(1, { format: 'unsupported', checksum: 'new' })], applied: records(1), states: ['1:applied'], current: 1, dirty: false },
  ];

  it.each(cases)('$name', ({ migrations, applied, states, current, dirty }) => {
    const report = computeStatus(migrations, applied);
    expect(statesOf(report.migrations)).toEqual(states);
    expect(report.current).toBe(current);
    expect(report.dirty).toBe(dirty);
  });

  it('fills name, file and appliedAt (ISO) as the JSON contract shows', () => {
    const report = computeStatus(files(2, 1), [record(1), record(5)]);
    expect(report.migrations).toEqual([
      { version: 1, name: 'm1', state: 'applied', file: file(1).file, appliedAt: '2025-01-01T00:00:01.000Z' },
      { version: 2, name: 'm2', state: 'pending', file: file(2).file, outOfOrder: true },
      { version: 5, name: 'm5', state: 'missing', appliedAt: '2025-01-01T00:00:05.000Z' },
    ]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('marks a migration that has only its down file (an empty up), pending or applied', () => {
    const downOnly = { ...file(2), noUpFile: true as const };
    const report = computeStatus([file(1), downOnly], []);
    expect(report.migrations.map((m) => m.noUpFile)).toEqual([undefined, true]);
    expect(computeStatus([downOnly], records(2)).migrations[0]).toMatchObject({ state: 'applied', noUpFile: true });
  });

  it('takes the name from the file when the record disagrees', () => {
    const renamed = { ...file(1), name: 'create_users' };
    expect(computeStatus([renamed], records(1)).migrations[0]!.name).toBe('create_users');
  });
});

describe('findProblems', () => {
  it('finds nothing without applied records (files only)', () => {
    expect(findProblems([file(1), file(2, { format: 'unsupported' })])).toEqual([]);
  });

  it('finds nothing in a healthy store', () => {
    expect(findProblems(files(1, 2, 3), records(1, 2))).toEqual([]);
  });

  it('lists dirty, missing, modified and out-of-order, one per migration, by version', () => {
    const migrations = [file(1, { checksum: 'edited' }), file(2), file(4, { checksum: 'edited' }), file(6)];
    const applied = [record(1), record(3), record(4, { dirty: true }), record(5), record(7)];
    const problems = findProblems(migrations, applied);
    expect(problems.map((p) => `${p.version}:${p.code}`)).toEqual([
      '1:CHECKSUM_MISMATCH',
      '2:OUT_OF_ORDER',
      '3:MISSING_FILE',
      '4:DIRTY',
      '5:MISSING_FILE',
      '6:OUT_OF_ORDER',
      '7:MISSING_FILE',
    ]);
  });

  it('words each problem on one line with where and what next', () => {
    const [modified, outOfOrder, missing] = findProblems([file(1, { checksum: 'x' }), file(2)], records(1, 3));
    expect(modified).toEqual({
      code: 'CHECKSUM_MISMATCH',
      message: 'edited after it was applied as version 1 (checksum differs)',
      file: file(1).file,
      version: 1,
      hint: expect.stringContaining('new migration'),
    });
    expect(outOfOrder).toMatchObject({ code: 'OUT_OF_ORDER', file: file(2).file, version: 2, hint: expect.stringContaining('--allow-missing') });
    expect(missing).toMatchObject({ code: 'MISSING_FILE', version: 3, hint: expect.stringContaining('restore the file') });
    expect(missing!.file).toBeUndefined();
    for (const p of [modified, outOfOrder, missing]) expect(p!.message).not.toContain('\n');
  });
});
