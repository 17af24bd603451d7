import { describe, expect, it } from 'vitest';
import type { AppliedRecord, HistoryRecord } from '../driver/contract.js';
import type { GodwitError } from '../errors.js';
import type { MigrationInfo } from '../plan/contract.js';
import type { GooseRow, PeerTable } from './contract.js';
import { planAdoption, storeUse } from './plan.js';

const file = (version: number, format: MigrationInfo['format'] = 'goose'): MigrationInfo => ({
  version,
  name: `m${version}`,
  checksum: `c${version}`,
  format,
  reversible: format !== 'unsupported',
  file: `${version}_m${version}.${format === 'unsupported' ? 'go' : 'sql'}`,
});
const files = (...versions: number[]) => versions.map((v) => file(v));

/** goose's rows in insertion order: [version_id, is_applied]; row 0 is goose's own marker. */
function goose(...rows: Array<[number, boolean]>): PeerTable {
  const all: GooseRow[] = [[0, true] as [number, boolean], ...rows].map(([versionId, isApplied], i) => ({ id: i + 1, versionId, isApplied }));
  return { kind: 'goose', table: 'goose_db_version', rows: all };
}
const migrate = (version: number, dirty = false): PeerTable => ({ kind: 'golang-migrate', table: 'schema_migrations', rows: [{ version, dirty }] });

const adopted = (plan: ReturnType<typeof planAdoption>) => plan.versions.map((v) => (v.state === 'missing' ? `${v.version}?` : v.version));

function thrown(fn: () => unknown): GodwitError {
  try {
    fn();
  } catch (e) {
    return e as GodwitError;
  }
  throw new Error('expected a throw');
}

describe('planAdoption from goose', () => {
  it.each([
    { name: 'every applied version, not goose’s row 0', rows: [[1, true], [2, true]], want: [1, 2] },
    { name: 'a later is_applied=false row (old goose down) un-applies', rows: [[1, true], [2, true], [2, false]], want: [1] },
    { name: 'applied again after a down', rows: [[1, true], [2, true], [2, false], [2, true]], want: [1, 2] },
    { name: 'a deleted row (new goose down) is simply absent', rows: [[1, true]], want: [1] },
    { name: 'out of order: only what goose applied', rows: [[1, true], [3, true]], want: [1, 3] },
    { name: 'nothing applied yet', rows: [], want: [] },
  ] as Array<{ name: string; rows: Array<[number, boolean]>; want: number[] }>)('$name', ({ rows, want }) => {
    expect(adopted(planAdoption(files(1, 2, 3), goose(...rows), []))).toEqual(want);
  });

  it('latest row wins by id, whatever order the rows come in', () => {
    const peer: PeerTable = {
      kind: 'goose',
      table: 'goose_db_version',
      rows: [
        { id: 3, versionId: 1, isApplied: false },
        { id: 2, versionId: 1, isApplied: true },
      ],
    };
    expect(adopted(planAdoption(files(1), peer, []))).toEqual([]);
  });

  it('records each version with its file checksum, applied_by and one baseline row each', () => {
    const plan = planAdoption(files(1, 2, 3), goose([1, true], [2, true]), []);
    expect(plan.change).toEqual({
      remove: [],
      upsert: [
        { version: 1, name: 'm1', checksum: 'c1' },
        { version: 2, name: 'm2', checksum: 'c2' },
      ],
      history: [
        { version: 1, name: 'm1', direction: 'baseline' },
        { version: 2, name: 'm2', direction: 'baseline' },
      ],
    });
    expect(plan.peerVersion).toBe(2);
    expect(plan.missing).toEqual([]);
  });

  it('a goose .go migration goose applied is adopted too', () => {
    const plan = planAdoption([file(1), file(2, 'unsupported'), file(3)], goose([1, true], [2, true]), []);
    expect(plan.versions).toEqual([
      { version: 1, name: 'm1', state: 'adopted', file: '1_m1.sql' },
      { version: 2, name: 'm2', state: 'adopted', file: '2_m2.go' },
    ]);
    expect(plan.change.upsert.map((u) => u.checksum)).toEqual(['c1', 'c2']);
  });

  it('a version with no file is recorded and reported missing', () => {
    const plan = planAdoption(files(1, 3), goose([1, true], [2, true], [3, true]), []);
    expect(adopted(plan)).toEqual([1, '2?', 3]);
    expect(plan.missing).toEqual([2]);
    expect(plan.change.upsert[1]).toEqual({ version: 2, name: 'adopted from goose', checksum: '' });
  });

  it('refuses a version godwit cannot record', () => {
    const e = thrown(() => planAdoption(files(1), goose([2 ** 60, true]), []));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toMatch(/goose_db_version row id 2: version .* is not one godwit can record/);
  });
});

describe('planAdoption from golang-migrate', () => {
  it.each([
    { name: 'every file at or below its version', files: [1, 2, 3, 4], peer: migrate(3), want: [1, 2, 3] },
    { name: 'gaps in the files are fine', files: [1, 2, 10, 20, 30], peer: migrate(20), want: [1, 2, 10, 20] },
    { name: 'its version without a file is missing', files: [1, 2, 6], peer: migrate(5), want: [1, 2, '5?'] },
    { name: 'NilVersion (-1, written by its MongoDB driver) is nothing', files: [1], peer: migrate(-1), want: [] },
  ])('$name', ({ files: versions, peer, want }) => {
    expect(adopted(planAdoption(files(...versions), peer, []))).toEqual(want);
  });

  it('an empty table is nothing applied', () => {
    expect(adopted(planAdoption(files(1), { kind: 'golang-migrate', table: 'schema_migrations', rows: [] }, []))).toEqual([]);
  });

  it('a dirty row stops adoption with the recovery advice of a dirty store', () => {
    const e = thrown(() => planAdoption(files(1, 2, 3), migrate(2, true), []));
    expect(e.code).toBe('DIRTY');
    expect(e.message).toBe("golang-migrate's schema_migrations is dirty at version 2: a migration stopped part-way; nothing was adopted");
    expect(e.hint).toBe('inspect the database; if 2 completed run `godwit force 2`, if it did not, undo what it did and run `godwit force 1`');
  });

  it('a dirty NilVersion (a failed down of the first migration) names both ways out', () => {
    const e = thrown(() => planAdoption(files(4, 5), migrate(-1, true), []));
    expect(e.code).toBe('DIRTY');
    expect(e.hint).toContain('`godwit force 0`');
    expect(e.hint).toContain('`godwit force 4`');
  });

  it('more than one row is not golang-migrate’s table', () => {
    const peer: PeerTable = { kind: 'golang-migrate', table: 'schema_migrations', rows: [{ version: 1, dirty: false }, { version: 2, dirty: false }] };
    expect(thrown(() => planAdoption(files(1, 2), peer, [])).message).toContain('has 2 rows');
  });
});

describe('adopting again (the store holds only an earlier adoption)', () => {
  const rec = (version: number, checksum = `c${version}`): AppliedRecord => ({
    version,
    name: checksum ? `m${version}` : '',
    checksum,
    appliedAt: new Date(0),
    executionMs: 0,
    appliedBy: 'adopted from goose',
    dirty: false,
  });

  it('writes only what changed: a restored file, a new version, one the peer rolled back', () => {
    const plan = planAdoption(files(1, 2, 3), goose([1, true], [2, true], [4, true]), [rec(1), rec(2, ''), rec(3)]);
    expect(plan.change.upsert.map((u) => u.version)).toEqual([2, 4]);
    expect(plan.change.remove).toEqual([3]);
    expect(plan.change.history.map((h) => h.version)).toEqual([2, 3, 4]);
  });

  it('nothing changed: nothing to write', () => {
    const plan = planAdoption(files(1, 2), goose([1, true], [2, true]), [rec(1), rec(2)]);
    expect(plan.change).toEqual({ remove: [], upsert: [], history: [] });
  });
});

describe('storeUse', () => {
  const record = (appliedBy: string): AppliedRecord => ({ version: 1, name: 'a', checksum: 'c', appliedAt: new Date(0), executionMs: 0, appliedBy, dirty: false });
  const row = (direction: HistoryRecord['direction'], note: string | null): HistoryRecord => ({
    id: 1,
    version: 1,
    name: 'a',
    direction,
    startedAt: new Date(0),
    finishedAt: new Date(0),
    executionMs: 0,
    success: true,
    error: null,
    appliedBy: 'x',
    toolVersion: 't',
    note,
  });
  it.each([
    { name: 'no records, no history', applied: [], history: [], want: 'absent' },
    { name: 'emptied by a reset (history left)', applied: [], history: [row('down', null)], want: 'in-use' },
    { name: 'only an adoption', applied: [record('adopted from goose')], history: [row('baseline', 'adopted from goose (goose_db_version) by a@b')], want: 'adopted' },
    { name: 'a run after adopting', applied: [record('adopted from goose')], history: [row('up', null)], want: 'in-use' },
    { name: 'godwit’s own records', applied: [record('a@b')], history: [], want: 'in-use' },
  ])('$name: $want', ({ applied, history, want }) => {
    expect(storeUse(applied, history)).toBe(want);
  });
});
