import { EJSON } from 'bson';
import { describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import type { InlineMigration } from '../migrator-contract.js';
import { checksumOf } from './checksum.js';
import { createListSource } from './list-source.js';

async function listError(list: InlineMigration[]): Promise<GodwitError> {
  try {
    await createListSource(list).list();
  } catch (e) {
    if (e instanceof GodwitError) return e;
    throw e;
  }
  throw new Error('expected list() to fail');
}

describe('createListSource', () => {
  it('turns SQL strings into parts with one free chunk, sorted by version', async () => {
    const source = createListSource([
      { version: 2, name: 'posts', up: 'CREATE TABLE posts (id INT);' },
      { version: 1, name: 'users', up: 'CREATE TABLE users (id INT);', down: 'DROP TABLE users;' },
    ]);
    const [users, posts] = await source.list();
    expect(users).toMatchObject({
      version: 1,
      name: 'users',
      format: 'pair',
      file: '<inline>/1_users',
      checksum: checksumOf('CREATE TABLE users (id INT);'),
      transactional: true,
      reversible: true,
    });
    expect(posts).toMatchObject({ version: 2, reversible: false });
    const loaded = await users!.load();
    expect(loaded.up).toEqual({
      kind: 'sql',
      file: '<inline>/1_users',
      chunks: [{ text: 'CREATE TABLE users (id INT);', line: 1, atomic: false }],
      noTransaction: false,
      empty: false,
    });
    expect(loaded.down).toMatchObject({ kind: 'sql', empty: false });
    expect((await posts!.load()).down).toBeUndefined();
    expect(source.description).toBe('2 inline migrations');
  });

  it('transactional: false marks the parts NO TRANSACTION', async () => {
    const [m] = await createListSource([{ version: 1, name: 'idx', up: 'CREATE INDEX CONCURRENTLY i ON t (a);', transactional: false }]).list();
    expect(m!.transactional).toBe(false);
    expect((await m!.load()).up).toMatchObject({ noTransaction: true });
  });

  it('a comments-only down is a no-op down', async () => {
    const [m] = await createListSource([{ version: 1, name: 'x', up: 'SELECT 1;', down: '-- nothing' }]).list();
    expect(m!.reversible).toBe(true);
    expect((await m!.load()).down).toMatchObject({ empty: true, chunks: [] });
  });

  it('arrays are MongoDB command parts, checksummed through canonical EJSON', async () => {
    const at = new Date('2024-01-01T00:00:00Z');
    const up = [{ create: 'users' }, { insert: 'users', documents: [{ at }] }];
    const [m] = await createListSource([{ version: 3, name: 'seed', up, down: [] }]).list();
    expect(m).toMatchObject({ format: 'json', transactional: false, reversible: true, checksum: checksumOf(EJSON.stringify(up, { relaxed: false })) });
    const loaded = await m!.load();
    expect(loaded.up).toMatchObject({ kind: 'json', empty: false });
    expect(loaded.up.kind === 'json' && loaded.up.commands.map((c) => c.index)).toEqual([0, 1]);
    expect(loaded.down).toMatchObject({ kind: 'json', empty: true });
    // A different date is a different checksum: the value's type and content both count.
    const [other] = await createListSource([{ version: 3, name: 'seed', up: [{ create: 'users' }, { insert: 'users', documents: [{ at: new Date(0) }] }] }]).list();
    expect(other!.checksum).not.toBe(m!.checksum);
  });

  const cases: Array<[string, InlineMigration[], string, RegExp]> = [
    ['duplicate versions', [{ version: 1, name: 'a', up: '' }, { version: 1, name: 'b', up: '' }], 'DUPLICATE_VERSION', /duplicate version 1: <inline>\/1_a and <inline>\/1_b/],
    ['version 0', [{ version: 0, name: 'a', up: '' }], 'INVALID_VERSION', /version 0 of <inline>\/0_a/],
    ['a negative version', [{ version: -1, name: 'a', up: '' }], 'INVALID_VERSION', /version -1/],
    ['a fractional version', [{ version: 1.5, name: 'a', up: '' }], 'INVALID_VERSION', /version 1\.5/],
    ['a version above 2^53-1', [{ version: 2 ** 53, name: 'a', up: '' }], 'INVALID_VERSION', /must be a whole number from 1 to 9007199254740991/],
    ['SQL up with an array down', [{ version: 1, name: 'a', up: 'SELECT 1', down: [] }], 'PARSE_ERROR', /both be SQL strings or both be command arrays/],
    ['a command that is not a document', [{ version: 1, name: 'a', up: [42 as unknown as Record<string, unknown>] }], 'PARSE_ERROR', /up element 0 is not a command document/],
  ];
  it.each(cases)('refuses %s', async (_name, list, code, message) => {
    const e = await listError(list);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.hint).toBeTruthy();
  });
});
