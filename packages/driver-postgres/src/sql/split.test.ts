import { describe, expect, it } from 'vitest';
import { outsideTransactionOnly, transactionControl } from './classify.js';
import { atomicStatement, kindOf, splitPostgres } from './split.js';

async function split(text: string, line = 1) {
  return (await splitPostgres(text, { file: 'f.sql', line })).map((s) => [s.sql, s.line, s.column]);
}

describe('splitPostgres', () => {
  it('splits plain statements and reports where each starts', async () => {
    expect(await split('CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);  SELECT 1;\n')).toEqual([
      ['CREATE TABLE a (id int)', 1, 1],
      ['INSERT INTO a VALUES (1)', 2, 1],
      ['SELECT 1', 2, 28],
    ]);
  });

  it('offsets positions by the line the chunk starts on', async () => {
    expect(await split('\n\n  SELECT 1;', 10)).toEqual([['SELECT 1', 12, 3]]);
  });

  it('keeps dollar-quoted bodies, DO blocks and tagged quotes whole', async () => {
    const sql = [
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;',
      "DO $body$ BEGIN RAISE NOTICE 'a;b'; PERFORM 1; END $body$;",
      "DO $$ BEGIN EXECUTE $q$ SELECT ';' $q$; END $$;",
    ].join('\n');
    const out = await split(sql);
    expect(out.map((s) => s[1])).toEqual([1, 2, 3]);
    expect(out[0]?.[0]).toBe('CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql');
    expect(out[1]?.[0]).toContain("RAISE NOTICE 'a;b'; PERFORM 1; END $body$");
    expect(out[2]?.[0]).toContain("$q$ SELECT ';' $q$");
  });

  it("handles E'' strings with escaped quotes and semicolons", async () => {
    expect(await split("SELECT E'it\\'s; fine';\nSELECT 'x'';y';")).toEqual([
      ["SELECT E'it\\'s; fine'", 1, 1],
      ["SELECT 'x'';y'", 2, 1],
    ]);
  });

  it('skips nested block comments and line comments, including ones holding semicolons', async () => {
    const sql = '/* outer /* inner; */ still; comment */ SELECT 1; -- trailing; comment\n-- only a comment;\nSELECT 2;';
    expect(await split(sql)).toEqual([
      ['SELECT 1', 1, 41],
      ['SELECT 2', 3, 1],
    ]);
  });

  it('keeps quoted identifiers that contain semicolons', async () => {
    expect(await split('CREATE TABLE "a;b" ("c;d" int);\nDROP TABLE "a;b";')).toEqual([
      ['CREATE TABLE "a;b" ("c;d" int)', 1, 1],
      ['DROP TABLE "a;b"', 2, 1],
    ]);
  });

  it('maps byte offsets of non-ASCII text to character columns', async () => {
    // "é" and "日本" are 2 and 3 bytes each in UTF-8; the emoji is 4 bytes and 2 UTF-16 units.
    const sql = "SELECT 'é';  SELECT '日本'; SELECT '😀';\nSELECT 3;";
    expect(await split(sql)).toEqual([
      ["SELECT 'é'", 1, 1],
      ["SELECT '日本'", 1, 14],
      ["SELECT '😀'", 1, 27],
      ['SELECT 3', 2, 1],
    ]);
  });

  it('counts CRLF and lone CR line endings as one line each', async () => {
    expect(await split('SELECT 1;\r\n\r\n  SELECT 2;\rSELECT 3;')).toEqual([
      ['SELECT 1', 1, 1],
      ['SELECT 2', 3, 3],
      ['SELECT 3', 4, 1],
    ]);
  });

  it('returns nothing for empty, comment-only or semicolon-only text', async () => {
    expect(await split('')).toEqual([]);
    expect(await split('  -- nothing here\n/* nor here */\n')).toEqual([]);
    expect(await split(';;\n;')).toEqual([]);
  });

  it('keeps a last statement without a semicolon', async () => {
    expect(await split('SELECT 1;\nSELECT 2\n')).toEqual([
      ['SELECT 1', 1, 1],
      ['SELECT 2', 2, 1],
    ]);
  });

  it('reports a syntax error at its file line and column, counted in characters', async () => {
    const err = await splitPostgres("SELECT 'ü';\r\nSELECT ü FROM;", { file: 'm.sql', line: 5 }).catch((e) => e);
    expect(err).toMatchObject({ code: 'PARSE_ERROR', file: 'm.sql', line: 6, column: 14 });
    expect(err.message).toMatch(/syntax error/);
    expect(err.hint).toMatch(/StatementBegin/);
  });
});

describe('atomicStatement', () => {
  it('sends a StatementBegin/End block as written, with its parse trees', async () => {
    const s = await atomicStatement('\n-- note\nCREATE FUNCTION g() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\nSELECT 1;\n', { line: 4 });
    expect(s).toMatchObject({ line: 6, column: 1 });
    expect(s?.sql).toBe('CREATE FUNCTION g() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\nSELECT 1;');
    expect(s?.nodes?.map(kindOf)).toEqual(['CreateFunctionStmt', 'SelectStmt']);
  });

  it('sends a block the bundled parser cannot read without parse trees', async () => {
    const s = await atomicStatement('SELEC nonsense here', { line: 1 });
    expect(s?.sql).toBe('SELEC nonsense here');
    expect(s?.nodes).toBeUndefined();
  });
});

describe('statements that cannot run in a transaction', () => {
  async function what(sql: string, serverVersion?: number) {
    const [s] = await splitPostgres(sql);
    return outsideTransactionOnly(s!.nodes![0]!, serverVersion);
  }

  it.each([
    ['CREATE INDEX CONCURRENTLY i ON t (x)', 'CREATE INDEX CONCURRENTLY'],
    ['CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (x)', 'CREATE INDEX CONCURRENTLY'],
    ['DROP INDEX CONCURRENTLY i', 'DROP INDEX CONCURRENTLY'],
    ['REINDEX INDEX CONCURRENTLY i', 'REINDEX CONCURRENTLY'],
    ['REINDEX (CONCURRENTLY) TABLE t', 'REINDEX CONCURRENTLY'],
    ['REINDEX DATABASE d', 'REINDEX DATABASE'],
    ['VACUUM t', 'VACUUM'],
    ['VACUUM (ANALYZE) t', 'VACUUM'],
    ['CREATE DATABASE d', 'CREATE DATABASE'],
    ['DROP DATABASE d', 'DROP DATABASE'],
    ["ALTER SYSTEM SET work_mem = '8MB'", 'ALTER SYSTEM'],
    ["CREATE TABLESPACE s LOCATION '/x'", 'CREATE TABLESPACE'],
    ['DROP TABLESPACE s', 'DROP TABLESPACE'],
    ['ALTER TABLE p DETACH PARTITION c CONCURRENTLY', 'ALTER TABLE ... DETACH PARTITION CONCURRENTLY'],
    ["CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p", 'CREATE SUBSCRIPTION'],
  ])('%s', async (sql, expected) => {
    expect(await what(sql)).toBe(expected);
  });

  it.each([
    'CREATE INDEX i ON t (x)',
    'DROP INDEX i',
    'REINDEX TABLE t',
    'ANALYZE t',
    'REFRESH MATERIALIZED VIEW CONCURRENTLY v',
    "CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p WITH (create_slot = false, connect = false)",
    'CLUSTER t USING i',
    'ALTER TABLE p DETACH PARTITION c',
  ])('%s runs in a transaction', async (sql) => {
    expect(await what(sql)).toBeUndefined();
  });

  it('ALTER TYPE ... ADD VALUE only on servers before 12', async () => {
    expect(await what("ALTER TYPE mood ADD VALUE 'meh'", 110000)).toMatch(/ADD VALUE/);
    expect(await what("ALTER TYPE mood ADD VALUE 'meh'", 150000)).toBeUndefined();
  });

  it('tells transaction control apart from savepoints', async () => {
    const nodes = (await splitPostgres('BEGIN; START TRANSACTION; COMMIT; END; ROLLBACK; SAVEPOINT a; ROLLBACK TO a;')).map((s) => s.nodes![0]!);
    expect(nodes.map(transactionControl)).toEqual(['begin', 'begin', 'end', 'end', 'end', undefined, undefined]);
  });
});
