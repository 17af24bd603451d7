import { describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import { parsePairFile } from './pair-parser.js';

const FILE = 'migrations/db/000002_x.up.sql';

describe('parsePairFile', () => {
  it('the whole file is one free chunk from line 1', () => {
    const p = parsePairFile('CREATE TABLE t (a INT);\nCREATE INDEX i ON t (a);\n', FILE);
    expect(p.part).toEqual({
      kind: 'sql',
      file: FILE,
      chunks: [{ text: 'CREATE TABLE t (a INT);\nCREATE INDEX i ON t (a);\n', line: 1, atomic: false }],
      noTransaction: false,
      empty: false,
    });
  });

  it('a comments-only file is an empty (no-op) part', () => {
    const p = parsePairFile('-- nothing to undo\n/* at all */\n', FILE);
    expect(p.part.empty).toBe(true);
    expect(p.part.chunks).toEqual([]);
  });

  it('an empty file is an empty part', () => {
    expect(parsePairFile('', FILE).part.empty).toBe(true);
  });

  it.each(['-- +goose NO TRANSACTION', '-- +goose no transaction', '--+godwit NO TRANSACTION'])('honours %s', (line) => {
    const p = parsePairFile(`${line}\nCREATE INDEX CONCURRENTLY i ON t (a);\n`, FILE);
    expect(p.noTransaction).toBe(true);
    expect(p.part.noTransaction).toBe(true);
  });

  it('honours StatementBegin / StatementEnd', () => {
    const p = parsePairFile(
      ['SELECT 1;', '-- +goose StatementBegin', 'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;', '-- +goose StatementEnd', ''].join('\n'),
      FILE,
    );
    expect(p.part.chunks).toEqual([
      { text: 'SELECT 1;', line: 1, atomic: false },
      { text: 'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;', line: 3, atomic: true },
    ]);
  });

  it('records ENVSUB regions', () => {
    expect(parsePairFile('-- +goose ENVSUB ON\nSELECT ${X};\n', FILE).envsub).toEqual([{ from: 2, to: 3 }]);
  });

  it('CRLF and a BOM: text normalised, lines right', () => {
    const p = parsePairFile('\uFEFFSELECT 1;\r\n-- +goose StatementBegin\r\nSELECT 2;\r\n-- +goose StatementEnd\r\n', FILE);
    expect(p.part.chunks).toEqual([
      { text: 'SELECT 1;', line: 1, atomic: false },
      { text: 'SELECT 2;', line: 3, atomic: true },
    ]);
  });

  it.each([
    ['-- +goose Up\nSELECT 1;', 1, /`-- \+goose Up` in a golang-migrate pair file/],
    ['SELECT 1;\n-- +goose Down\nSELECT 2;', 2, /`-- \+goose Down` in a golang-migrate pair file/],
    ['SELECT 1;\n-- +goose StatementEnd', 2, /without a matching/],
    ['-- +goose StatementBegin\nSELECT 1;', 1, /no matching StatementEnd/],
    ['-- +goose Frobnicate', 1, /unknown annotation/],
  ])('refuses %j', (text, line, message) => {
    let error: unknown;
    try {
      parsePairFile(text, FILE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GodwitError);
    expect(error).toMatchObject({ code: 'PARSE_ERROR', file: FILE, line });
    expect((error as GodwitError).message).toMatch(message);
  });
});
