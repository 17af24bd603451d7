import { describe, expect, it } from 'vitest';
import { certainlyPlain, WATCHED_WORDS } from './plain-statement.js';
import { scanStatements } from './statement-scan.js';

const scan = (text: string) => scanStatements(text, WATCHED_WORDS);
const texts = (text: string) => scan(text)?.map((s) => text.slice(s.from, s.to).trim());

describe('scanStatements', () => {
  it('cuts at semicolons outside strings, identifiers, dollar quotes and comments', () => {
    const text = "INSERT INTO \"a;b\" VALUES ('c;d', E'e\\';f', $$g;h$$, $t$i;$t$);\n/* j; /* k; */ */ SELECT 1; -- l;\nSELECT 2";
    expect(texts(text)).toEqual([
      "INSERT INTO \"a;b\" VALUES ('c;d', E'e\\';f', $$g;h$$, $t$i;$t$)",
      '/* j; /* k; */ */ SELECT 1',
      '-- l;\nSELECT 2',
    ]);
  });

  it('keeps no statement for empty segments, and starts each one after the previous semicolon', () => {
    const text = ';; -- only a comment;\n ; SELECT 1 ;;';
    const from = text.indexOf(' SELECT');
    expect(scan(text)).toEqual([{ from, to: text.indexOf(';', from), lead: ['SELECT'], seen: [], doubtful: false }]);
  });

  it('reads leading words up to the first other token, upper-cased; a non-ASCII word is no keyword', () => {
    expect(scan('create or replace  view v as select 1')?.[0]?.lead).toEqual(['CREATE', 'OR', 'REPLACE', 'VIEW', 'V', 'AS']);
    expect(scan('CREATE TABLE "t" (id int)')?.[0]?.lead).toEqual(['CREATE', 'TABLE']);
    expect(scan('ınsert INTO t VALUES (1)')?.[0]?.lead).toEqual(['', 'INTO', 'T', 'VALUES']);
  });

  it('reports the watched words anywhere, but not inside strings or quoted identifiers', () => {
    expect(scan('CREATE INDEX Concurrently i ON t (a)')?.[0]?.seen).toEqual(['CONCURRENTLY']);
    expect(scan("INSERT INTO t VALUES ('concurrently', $$atomic$$) -- value")?.[0]?.seen).toEqual([]);
    expect(scan('ALTER TYPE m ADD VALUE \'x\'')?.[0]?.seen).toEqual(['VALUE']);
  });

  it('marks what it cannot lex for sure, and gives up on unterminated text', () => {
    expect(scan("SELECT 1'x'")?.[0]?.doubtful).toBe(true);
    expect(scan("SELECT E'a' -- c\n'b'")?.[0]?.doubtful).toBe(true);
    expect(scan("SELECT E'a'\n'b'")?.[0]?.doubtful).toBe(false);
    expect(scan("SELECT 'open")).toBeUndefined();
    expect(scan('SELECT "open')).toBeUndefined();
    expect(scan('SELECT $$open')).toBeUndefined();
    expect(scan('SELECT 1 /* open')).toBeUndefined();
  });
});

describe('certainlyPlain', () => {
  const plain = (text: string) => scan(text)!.every(certainlyPlain);

  it('takes data, DDL and DO statements', () => {
    for (const text of [
      'INSERT INTO t VALUES (1)',
      'create unique index i on t (a)',
      'CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1; COMMIT $$ LANGUAGE sql',
      'CREATE GLOBAL TEMPORARY TABLE t (id int)',
      'ALTER TABLE t ADD COLUMN value int',
      'ALTER TYPE m RENAME TO n',
      'DROP MATERIALIZED VIEW v',
      "DO $$ BEGIN EXECUTE 'VACUUM'; END $$",
    ]) {
      expect(plain(text), text).toBe(true);
    }
  });

  it('leaves to the parser everything classify.ts looks at, and what the scan cannot split', () => {
    for (const text of [
      'CREATE INDEX CONCURRENTLY i ON t (a)',
      'DROP INDEX CONCURRENTLY i',
      'ALTER TABLE t DETACH PARTITION p CONCURRENTLY',
      'REINDEX TABLE t',
      'VACUUM t',
      'CLUSTER',
      "ALTER TYPE m ADD VALUE 'x'",
      'CREATE DATABASE d',
      'DROP DATABASE d',
      'ALTER DATABASE d SET TABLESPACE x',
      "ALTER SYSTEM SET work_mem = '1MB'",
      "CREATE TABLESPACE s LOCATION '/x'",
      "CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p",
      'BEGIN',
      'START TRANSACTION',
      'COMMIT',
      'END',
      'ROLLBACK',
      'ABORT',
      "PREPARE TRANSACTION 'x'",
      "COMMIT PREPARED 'x'",
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END',
      'CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2)',
      '(SELECT 1)',
      'DISCARD ALL',
    ]) {
      expect(plain(text), text).toBe(false);
    }
  });
});
