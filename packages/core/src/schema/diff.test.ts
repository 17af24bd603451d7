import { describe, expect, it } from 'vitest';
import type { SchemaObject } from './contract.js';
import { diffSnapshots, formatChanges } from './diff.js';
import { decodeSnapshot, encodeSnapshot, snapshotHash } from './encode.js';
import { makeSnapshot } from './sort.js';

const o = (type: string, name: string, definition: string): SchemaObject => ({ type, name, definition });
const pg = (...objects: SchemaObject[]) => makeSnapshot('postgres', objects);

describe('diffSnapshots', () => {
  const base = pg(o('table', 'orders', 'table'), o('column', 'orders.id', 'bigint NOT NULL'), o('index', 'users_email', 'btree (email)'));

  it.each([
    ['equal snapshots', base, ''],
    ['an added column', pg(...base.objects, o('column', 'orders.note', 'text')), '+ column orders.note text\n'],
    ['a removed index', pg(...base.objects.filter((x) => x.type !== 'index')), '- index users_email btree (email)\n'],
    [
      'a changed index',
      pg(...base.objects.filter((x) => x.type !== 'index'), o('index', 'users_email', 'btree (lower(email))')),
      '~ index users_email: btree (email) -> btree (lower(email))\n',
    ],
    [
      'several, in type then name order',
      pg(o('table', 'orders', 'table'), o('column', 'orders.id', 'integer NOT NULL'), o('table', 'a', 'table')),
      '~ column orders.id: bigint NOT NULL -> integer NOT NULL\n- index users_email btree (email)\n+ table a table\n',
    ],
  ])('%s', (_name, after, text) => {
    expect(formatChanges(diffSnapshots(base, after))).toBe(text);
  });

  it('gives each change as data for --json', () => {
    const after = pg(o('table', 'orders', 'table'), o('column', 'orders.id', 'integer'), o('index', 'users_email', 'btree (email)'));
    expect(diffSnapshots(base, after)).toEqual([{ change: 'changed', type: 'column', name: 'orders.id', before: 'bigint NOT NULL', after: 'integer' }]);
  });

  it('refuses snapshots of different databases kinds', () => {
    expect(() => diffSnapshots(base, makeSnapshot('sqlite', []))).toThrow('cannot compare a postgres schema with a sqlite schema');
  });
});

describe('snapshots', () => {
  it('sort and tidy whitespace, so the hash does not depend on the order a driver read them in', () => {
    const a = pg(o('column', 't.b', 'text'), o('column', 't.a', 'int  \n NOT NULL'));
    const b = pg(o('column', 't.a', 'int NOT NULL'), o('column', 't.b', 'text'));
    expect(a).toEqual(b);
    expect(snapshotHash(a)).toBe(snapshotHash(b));
    expect(snapshotHash(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(snapshotHash(a)).not.toBe(snapshotHash(pg(o('column', 't.a', 'int'))));
  });

  it('survive being stored compressed', () => {
    const s = pg(...Array.from({ length: 200 }, (_, i) => o('column', `t.c${i}`, 'text NOT NULL DEFAULT \'\'')));
    const stored = encodeSnapshot(s, 7, new Date(0));
    expect(stored).toMatchObject({ version: 7, hash: snapshotHash(s), takenAt: new Date(0) });
    expect(stored.data.byteLength).toBeLessThan(JSON.stringify(s).length / 5);
    expect(decodeSnapshot(stored)).toEqual(s);
  });

  it('a stored snapshot that is not one is a clear store error', () => {
    expect(() => decodeSnapshot({ version: 1, hash: 'sha256:x', takenAt: new Date(), data: new Uint8Array([1, 2, 3]) })).toThrow(
      /recorded schema snapshot \(sha256:x\) cannot be read/,
    );
  });
});
