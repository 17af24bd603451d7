import { describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import type { SqlChunk } from '../migration.js';
import { splitSql } from './sql-splitter.js';

const FILE = 'migrations/db/000001_x.sql';
const free = (text: string, line = 1): SqlChunk => ({ text, line, atomic: false });
const sqlOf = (text: string) => splitSql(free(text), FILE).map((s) => s.sql);

describe('splitSql: statement boundaries', () => {
  const cases: Array<[string, string, string[]]> = [
    ['plain statements', 'SELECT 1; SELECT 2;', ['SELECT 1', 'SELECT 2']],
    ['no final semicolon', 'SELECT 1;\nSELECT 2', ['SELECT 1', 'SELECT 2']],
    ['empty statements', ';;SELECT 1;;', ['SELECT 1']],
    ["';' in a string", "INSERT INTO t VALUES ('a;b');SELECT 2;", ["INSERT INTO t VALUES ('a;b')", 'SELECT 2']],
    ["'' escapes", "SELECT 'it''s; fine';SELECT 2", ["SELECT 'it''s; fine'", 'SELECT 2']],
    ["E'...' with backslash escapes", "SELECT E'it\\'s; fine';SELECT 2", ["SELECT E'it\\'s; fine'", 'SELECT 2']],
    ['a backslash in a plain string is no escape', "SELECT 'C:\\';SELECT 2", ["SELECT 'C:\\'", 'SELECT 2']],
    ['double-quoted identifiers', 'SELECT "a;b", "x""y;" FROM t;SELECT 2', ['SELECT "a;b", "x""y;" FROM t', 'SELECT 2']],
    ['backtick identifiers', 'SELECT `a;b` FROM t;SELECT 2', ['SELECT `a;b` FROM t', 'SELECT 2']],
    ['bracket identifiers', 'SELECT [a;b] FROM t;SELECT 2', ['SELECT [a;b] FROM t', 'SELECT 2']],
    ['-- comments', 'SELECT 1 -- not here;\n, 2;SELECT 3', ['SELECT 1 -- not here;\n, 2', 'SELECT 3']],
    ['/* */ comments', 'SELECT /* ; */ 1;SELECT 2', ['SELECT /* ; */ 1', 'SELECT 2']],
    ['nested comments', 'SELECT /* a /* b; */ c; */ 1;SELECT 2', ['SELECT /* a /* b; */ c; */ 1', 'SELECT 2']],
    ['$$ dollar quotes', "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;SELECT 2", ['CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql', 'SELECT 2']],
    ['tagged dollar quotes holding $$', 'DO $body$ BEGIN PERFORM $$;$$; END $body$;SELECT 2', ['DO $body$ BEGIN PERFORM $$;$$; END $body$', 'SELECT 2']],
    ['parameters are not dollar quotes', 'SELECT $1, $name; SELECT 2', ['SELECT $1, $name', 'SELECT 2']],
    ['identifiers holding $', 'SELECT a$b$ FROM t; SELECT 2', ['SELECT a$b$ FROM t', 'SELECT 2']],
    ['leading comments are not part of the statement', '-- first\n/* second */\nSELECT 1;', ['SELECT 1']],
    ['comments before ; are dropped', 'SELECT 1 /* x */ -- y\n;', ['SELECT 1']],
    ['comment-only statements are dropped', 'SELECT 1; -- trailing\n/* only a comment */;', ['SELECT 1']],
    ['BEGIN / COMMIT outside a trigger are statements', 'BEGIN;\nSELECT 1;\nCOMMIT;', ['BEGIN', 'SELECT 1', 'COMMIT']],
    ['non-ASCII text', "INSERT INTO t VALUES ('日本;語');SELECT 'ü'", ["INSERT INTO t VALUES ('日本;語')", "SELECT 'ü'"]],
    ['CRLF line endings', 'SELECT 1;\r\nSELECT 2;\r\n', ['SELECT 1', 'SELECT 2']],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(sqlOf(text)).toEqual(expected);
  });
});

describe('splitSql: triggers', () => {
  it('keeps CREATE TRIGGER ... BEGIN ... END together', () => {
    const text = [
      'CREATE TABLE t (a INT, b TEXT);',
      'CREATE TRIGGER tr AFTER INSERT ON t',
      'BEGIN',
      "  UPDATE t SET b = 'x;y' WHERE a = NEW.a;",
      '  DELETE FROM t WHERE a < 0;',
      'END;',
      'SELECT 1;',
    ].join('\n');
    expect(sqlOf(text)).toEqual([
      'CREATE TABLE t (a INT, b TEXT)',
      "CREATE TRIGGER tr AFTER INSERT ON t\nBEGIN\n  UPDATE t SET b = 'x;y' WHERE a = NEW.a;\n  DELETE FROM t WHERE a < 0;\nEND",
      'SELECT 1',
    ]);
  });

  it('counts CASE ... END inside the body, and in the WHEN clause', () => {
    const trigger = [
      'create temp trigger tr before update on t',
      'when case when new.a > 0 then 1 else 0 end',
      'begin',
      '  update t set b = case when new.a > 1 then 2 else 3 end;',
      '  select case new.a when 1 then raise(abort, "no;") end;',
      'end',
    ].join('\n');
    expect(sqlOf(`${trigger};SELECT 2;`)).toEqual([trigger, 'SELECT 2']);
  });

  it.each(['CREATE TEMPORARY TRIGGER', 'CREATE TRIGGER IF NOT EXISTS', 'CREATE OR REPLACE TRIGGER'])('%s', (head) => {
    expect(sqlOf(`${head} tr AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END; SELECT 3`)).toEqual([
      `${head} tr AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END`,
      'SELECT 3',
    ]);
  });

  it('a PostgreSQL trigger (no BEGIN) ends at its semicolon', () => {
    expect(sqlOf('CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f(); SELECT 2')).toEqual([
      'CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()',
      'SELECT 2',
    ]);
  });

  it('the trigger state does not leak into the next statement', () => {
    expect(sqlOf('CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END; BEGIN; SELECT 2; COMMIT;')).toEqual([
      'CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END',
      'BEGIN',
      'SELECT 2',
      'COMMIT',
    ]);
  });
});

describe('splitSql: line and column of each statement', () => {
  it('counts from the chunk line, at the first non-comment token', () => {
    const text = ['', '-- a comment', '  SELECT 1; /* c */ SELECT', '  2;', '', "    INSERT INTO t VALUES ('é'); SELECT 3;"].join('\n');
    expect(splitSql(free(text, 10), FILE)).toEqual([
      { sql: 'SELECT 1', line: 12, column: 3 },
      { sql: 'SELECT\n  2', line: 12, column: 21 },
      { sql: "INSERT INTO t VALUES ('é')", line: 15, column: 5 },
      { sql: 'SELECT 3', line: 15, column: 33 },
    ]);
  });

  it('is right for CRLF text', () => {
    expect(splitSql(free('SELECT 1;\r\n\r\n  SELECT 2;', 4), FILE)).toEqual([
      { sql: 'SELECT 1', line: 4, column: 1 },
      { sql: 'SELECT 2', line: 6, column: 3 },
    ]);
  });
});

describe('splitSql: atomic chunks', () => {
  it('are one statement, the final ; removed', () => {
    const chunk: SqlChunk = { text: '-- why\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  SELECT 1;\nEND ;  -- done\n', line: 7, atomic: true };
    expect(splitSql(chunk, FILE)).toEqual([{ sql: 'CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  SELECT 1;\nEND', line: 8, column: 1 }]);
  });

  it('keep inner semicolons and a statement without a final ;', () => {
    expect(splitSql({ text: 'SELECT 1; SELECT 2', line: 1, atomic: true }, FILE)).toEqual([{ sql: 'SELECT 1; SELECT 2', line: 1, column: 1 }]);
  });

  it('holding only comments give nothing', () => {
    expect(splitSql({ text: '-- nothing\n', line: 1, atomic: true }, FILE)).toEqual([]);
  });
});

describe('splitSql: unterminated tokens', () => {
  const cases: Array<[string, string, RegExp, number, number]> = [
    ['string', "SELECT 1;\nSELECT 'abc;", /unterminated string literal/, 3, 8],
    ['E string', "SELECT E'a\\';", /unterminated string literal/, 2, 8],
    ['quoted identifier', 'SELECT "abc', /unterminated quoted identifier/, 2, 8],
    ['backtick identifier', 'SELECT `abc', /unterminated quoted identifier/, 2, 8],
    ['bracket identifier', 'SELECT [abc', /unterminated \[quoted identifier\]/, 2, 8],
    ['block comment', 'SELECT 1; /* a /* b */', /unterminated \/\* comment/, 2, 11],
    ['dollar quote', 'SELECT $fn$ body;', /unterminated dollar-quoted string \$fn\$/, 2, 8],
  ];
  it.each(cases)('%s: error where it starts', (_name, text, message, line, column) => {
    let error: unknown;
    try {
      splitSql(free(text, 2), FILE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GodwitError);
    expect(error).toMatchObject({ code: 'PARSE_ERROR', file: FILE, line, column });
    expect((error as GodwitError).message).toMatch(message);
    expect((error as GodwitError).hint).toMatch(/StatementBegin/);
  });
});
