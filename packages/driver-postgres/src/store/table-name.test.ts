import { describe, expect, it } from 'vitest';
import { parseTableName, qualified } from './table-name.js';

describe('parseTableName', () => {
  it.each([
    ['godwit_migrations', { table: 'godwit_migrations' }],
    ['ops.godwit_migrations', { schema: 'ops', table: 'godwit_migrations' }],
    ['Ops.Migrations', { schema: 'ops', table: 'migrations' }],
    ['"Ops"."My Table"', { schema: 'Ops', table: 'My Table' }],
    ['"a.b"."c""d"', { schema: 'a.b', table: 'c"d' }],
  ])('%s', (text, expected) => {
    expect(parseTableName(text)).toEqual(expected);
  });

  it.each(['', 'a.b.c', 'a..b', 'my table', '1abc', 'a.'])('refuses %j', (text) => {
    expect(() => parseTableName(text)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('quotes names for SQL', () => {
    expect(qualified('a"b', 't')).toBe('"a""b"."t"');
    expect(qualified(undefined, 't')).toBe('"t"');
  });
});
