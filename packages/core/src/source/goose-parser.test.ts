import { describe, expect, it } from 'vitest';
import { checksumOf } from './checksum.js';
import { parseGooseFile } from './goose-parser.js';
import { godwitErrorFrom } from '../__fixtures__/godwit-error-from.js';

const FILE = 'migrations/db/000001_x.sql';

function parse(lines: string[], eol = '\n') {
  return parseGooseFile(lines.join(eol), FILE);
}

const parseError = (lines: string[]) => godwitErrorFrom(() => parse(lines));

describe('parseGooseFile: sections', () => {
  it('reads Up and Down as free chunks with their first lines', () => {
    const f = parse(['-- +goose Up', 'CREATE TABLE t (id INT);', '', '-- +goose Down', 'DROP TABLE t;', '']);
    expect(f.up).toEqual({
      kind: 'sql',
      file: FILE,
      chunks: [{ text: 'CREATE TABLE t (id INT);\n', line: 2, atomic: false }],
      noTransaction: false,
      empty: false,
    });
    expect(f.down?.chunks).toEqual([{ text: 'DROP TABLE t;\n', line: 5, atomic: false }]);
    expect(f.down?.empty).toBe(false);
    expect(f.noTransaction).toBe(false);
  });

  it('an up-only file is irreversible: no down part', () => {
    const f = parse(['-- +goose Up', 'CREATE TABLE t (id INT);']);
    expect(f.down).toBeUndefined();
  });

  it.each([
    ['an empty Down section', ['-- +goose Up', 'SELECT 1;', '-- +goose Down']],
    ['a Down of blank lines', ['-- +goose Up', 'SELECT 1;', '-- +goose Down', '', '   ', '']],
    ['a comments-only Down', ['-- +goose Up', 'SELECT 1;', '-- +goose Down', '-- nothing to undo', '/* really', 'nothing */']],
  ])('%s is a reversible no-op down', (_name, lines) => {
    const f = parse(lines);
    expect(f.down).toBeDefined();
    expect(f.down!.empty).toBe(true);
    expect(f.down!.chunks).toEqual([]);
  });

  it('an empty Up section is an empty part', () => {
    expect(parse(['-- +goose Up', '-- +goose Down', 'SELECT 1;']).up.empty).toBe(true);
  });

  it('comments (line and block) may come before Up', () => {
    const f = parse(['-- a header', '/* licence', '   text */', '', '-- +goose Up', 'SELECT 1;']);
    expect(f.up.chunks[0]).toMatchObject({ line: 6 });
  });

  it.each([
    ['lowercase', ['-- +goose up', 'SELECT 1;', '-- +goose down', 'SELECT 2;']],
    ['no space after --', ['--+goose Up', 'SELECT 1;', '--+goose Down', 'SELECT 2;']],
    ['extra spaces and indentation', ['  --   +goose   UP  ', 'SELECT 1;', '\t-- +goose Down', 'SELECT 2;']],
    ['+godwit in place of +goose', ['-- +godwit Up', 'SELECT 1;', '-- +GODWIT Down', 'SELECT 2;']],
  ])('annotations: %s', (_name, lines) => {
    const f = parse(lines);
    expect(f.up.chunks).toEqual([{ text: 'SELECT 1;', line: 2, atomic: false }]);
    expect(f.down?.chunks).toEqual([{ text: 'SELECT 2;', line: 4, atomic: false }]);
  });

  it('a comment that only starts like an annotation is a comment', () => {
    const f = parse(['-- +goose Up', '-- +gooseberry pie', 'SELECT 1;']);
    expect(f.up.chunks[0]!.text).toBe('-- +gooseberry pie\nSELECT 1;');
  });
});

describe('parseGooseFile: NO TRANSACTION', () => {
  it.each([
    ['before Up', ['-- +goose NO TRANSACTION', '-- +goose Up', 'CREATE INDEX CONCURRENTLY i ON t (a);']],
    ['after Up', ['-- +goose Up', '-- +goose NO TRANSACTION', 'CREATE INDEX CONCURRENTLY i ON t (a);']],
    ['lowercase', ['-- +goose up', '-- +goose no transaction', 'CREATE INDEX CONCURRENTLY i ON t (a);']],
    ['without spaces', ['--+goose NOTRANSACTION', '--+goose Up', 'SELECT 1;']],
    ['in the Down section', ['-- +goose Up', 'SELECT 1;', '-- +goose Down', '-- +goose NO TRANSACTION', 'SELECT 2;']],
  ])('%s marks the whole file', (_name, lines) => {
    const f = parse(lines);
    expect(f.noTransaction).toBe(true);
    expect(f.up.noTransaction).toBe(true);
    if (f.down) expect(f.down.noTransaction).toBe(true);
  });

  it('keeps the statements around it in one chunk, the annotation sent as an empty line', () => {
    const f = parse(['-- +goose Up', 'SELECT', '-- +goose NO TRANSACTION', '1;']);
    expect(f.up.chunks).toEqual([{ text: 'SELECT\n\n1;', line: 2, atomic: false }]);
  });
});

describe('parseGooseFile: StatementBegin / StatementEnd', () => {
  it('makes atomic chunks between free ones, with their first lines', () => {
    const f = parse([
      '-- +goose Up', // 1
      'CREATE TABLE t (a INT);', // 2
      '-- +goose StatementBegin', // 3
      'CREATE TRIGGER tr AFTER INSERT ON t BEGIN', // 4
      '  SELECT 1;', // 5
      'END;', // 6
      '-- +goose StatementEnd', // 7
      'SELECT 2;', // 8
      '-- +goose Down', // 9
      '-- +goose statementbegin', // 10
      'DROP TRIGGER tr;', // 11
      '-- +goose statementend', // 12
    ]);
    expect(f.up.chunks).toEqual([
      { text: 'CREATE TABLE t (a INT);', line: 2, atomic: false },
      { text: 'CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  SELECT 1;\nEND;', line: 4, atomic: true },
      { text: 'SELECT 2;', line: 8, atomic: false },
    ]);
    expect(f.down?.chunks).toEqual([{ text: 'DROP TRIGGER tr;', line: 11, atomic: true }]);
  });

  it('annotation lines inside a block are obeyed and sent as empty lines, never as `+goose` text', () => {
    const f = parse([
      '-- +goose Up', // 1
      '-- +goose StatementBegin', // 2
      'CREATE FUNCTION f() RETURNS int AS $$', // 3
      '-- +goose ENVSUB ON', // 4
      "  SELECT '${X}'::int;", // 5
      '-- +goose NO TRANSACTION', // 6
      '$$ LANGUAGE sql;', // 7
      '-- +goose StatementEnd', // 8
    ]);
    expect(f.up.chunks).toEqual([{ text: "CREATE FUNCTION f() RETURNS int AS $$\n\n  SELECT '${X}'::int;\n\n$$ LANGUAGE sql;", line: 3, atomic: true }]);
    expect(f.noTransaction).toBe(true);
    expect(f.envsub).toEqual([{ from: 5, to: 8 }]);
  });

  it('a block holding only comments adds no chunk', () => {
    const f = parse(['-- +goose Up', '-- +goose StatementBegin', '-- nothing', '-- +goose StatementEnd']);
    expect(f.up.empty).toBe(true);
  });
});

describe('parseGooseFile: ENVSUB', () => {
  it('records the regions where substitution is on, text untouched', () => {
    const f = parse([
      '-- +goose Up', // 1
      '-- +goose ENVSUB ON', // 2
      'CREATE ROLE ${ROLE};', // 3
      'GRANT x TO ${ROLE};', // 4
      '-- +goose ENVSUB OFF', // 5
      "SELECT '${NOT_SUBSTITUTED}';", // 6
      '-- +goose envsub on', // 7
      'SELECT ${A};', // 8
    ]);
    expect(f.envsub).toEqual([
      { from: 3, to: 4 },
      { from: 8, to: 8 },
    ]);
    expect(f.up.chunks[0]!.text).toContain('${ROLE}');
  });
});

describe('parseGooseFile: files with CRLF, a BOM and non-ASCII text', () => {
  it('CRLF: same chunks and line numbers, no \\r in the text', () => {
    const lines = ['-- +goose Up', "INSERT INTO t VALUES ('ü');", '-- +goose StatementBegin', 'SELECT 1;', '-- +goose StatementEnd', '-- +goose Down', 'DELETE FROM t;'];
    const crlf = parse(lines, '\r\n');
    const lf = parse(lines, '\n');
    expect(crlf.up).toEqual(lf.up);
    expect(crlf.down).toEqual(lf.down);
    expect(crlf.up.chunks.map((c) => c.line)).toEqual([2, 4]);
    expect(JSON.stringify(crlf)).not.toContain('\\r');
    expect(checksumOf(crlf.upText)).toBe(checksumOf(lf.upText));
  });

  it('a BOM before `-- +goose Up` is ignored', () => {
    const f = parseGooseFile('\uFEFF-- +goose Up\nSELECT 1;\n', FILE);
    expect(f.up.chunks).toEqual([{ text: 'SELECT 1;\n', line: 2, atomic: false }]);
  });

  it('non-ASCII statements keep their text', () => {
    const f = parse(['-- +goose Up', "INSERT INTO t VALUES ('日本語', 'Grüße');"]);
    expect(f.up.chunks[0]!.text).toBe("INSERT INTO t VALUES ('日本語', 'Grüße');");
  });
});

describe('parseGooseFile: the up text for the checksum', () => {
  it('is the lines between Up and Down', () => {
    const f = parse(['-- header', '-- +goose Up', 'A;', 'B;', '-- +goose Down', 'C;']);
    expect(f.upText).toBe('A;\nB;\n');
  });

  it('runs to the end without a Down', () => {
    expect(parse(['-- +goose Up', 'A;', '']).upText).toBe('A;\n');
  });

  it('drops trailing blank lines, so adding a Down section keeps it', () => {
    const upOnly = parse(['-- +goose Up', 'A;', '']);
    const withDown = parse(['-- +goose Up', 'A;', '', '  ', '-- +goose Down', 'DROP x;']);
    expect(withDown.upText).toBe(upOnly.upText);
    expect(parse(['-- +goose Up', '-- +goose Down']).upText).toBe('');
  });

  it('does not change when the Down section is edited', () => {
    const a = parse(['-- +goose Up', 'A;', '-- +goose Down', 'DROP x;']);
    const b = parse(['-- +goose Up', 'A;', '-- +goose Down', 'DROP x; DROP y;']);
    expect(checksumOf(a.upText)).toBe(checksumOf(b.upText));
    const c = parse(['-- +goose Up', 'A; ', '-- +goose Down', 'DROP x;']);
    expect(checksumOf(c.upText)).not.toBe(checksumOf(a.upText));
  });
});

describe('parseGooseFile: bad input', () => {
  const cases: Array<[string, string[], RegExp, number | undefined, RegExp?]> = [
    ['no Up annotation', ['CREATE TABLE t (a INT);'], /no `-- \+goose Up` annotation/, undefined, /add `-- \+goose Up` as the first line/],
    ['an empty file', [''], /no `-- \+goose Up` annotation/, undefined],
    ['SQL before Up', ['-- comment', 'CREATE TABLE t (a INT);', '-- +goose Up', 'SELECT 1;'], /SQL before `-- \+goose Up`/, 2],
    ['SQL after a block comment before Up', ['/* a', 'b */ SELECT 1;', '-- +goose Up'], /SQL before/, 2],
    ['an unknown annotation', ['-- +goose Up', 'SELECT 1;', '-- +goose Sideways'], /unknown annotation `-- \+goose Sideways`/, 3, /known annotations: Up, Down/],
    ['an annotation with no directive', ['-- +goose Up', '-- +goose'], /unknown annotation/, 2],
    ['an unterminated StatementBegin', ['-- +goose Up', '-- +goose StatementBegin', 'SELECT 1;'], /StatementBegin` has no matching StatementEnd/, 2, /add `-- \+goose StatementEnd`/],
    ['a StatementBegin cut by Down', ['-- +goose Up', '', '-- +goose StatementBegin', 'SELECT 1;', '-- +goose Down'], /has no StatementEnd before `-- \+goose Down` \(line 5\)/, 3],
    ['a StatementBegin inside another', ['-- +goose Up', '-- +goose StatementBegin', '-- +goose StatementBegin'], /has no StatementEnd/, 2],
    ['a StatementEnd without Begin', ['-- +goose Up', 'SELECT 1;', '-- +goose StatementEnd'], /without a matching `-- \+goose StatementBegin`/, 3],
    ['a StatementBegin before Up', ['-- +goose StatementBegin', 'SELECT 1;', '-- +goose StatementEnd', '-- +goose Up'], /comes before `-- \+goose Up`/, 1],
    ['Down before Up', ['-- +goose Down', 'SELECT 1;', '-- +goose Up'], /`-- \+goose Down` comes before `-- \+goose Up`/, 1],
    ['a second Up', ['-- +goose Up', 'SELECT 1;', '-- +goose Up'], /second `-- \+goose Up` \(the first is at line 1\)/, 3],
    ['a second Down', ['-- +goose Up', '-- +goose Down', '-- +goose Down'], /second `-- \+goose Down`/, 3],
  ];
  it.each(cases)('%s', (_name, lines, message, line, hint) => {
    const e = parseError(lines);
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.file).toBe(FILE);
    expect(e.message).toMatch(message);
    expect(e.line).toBe(line);
    expect(e.hint).toBeTruthy();
    if (hint) expect(e.hint).toMatch(hint);
  });

  it('reports a CRLF file at the right line', () => {
    expect(() => parseGooseFile('-- +goose Up\r\nSELECT 1;\r\n-- +goose StatementEnd\r\n', FILE)).toThrow(
      expect.objectContaining({ line: 3 }),
    );
  });
});
