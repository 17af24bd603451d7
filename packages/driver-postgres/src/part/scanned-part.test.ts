/**
 * The lexical fast lane must never decide differently than the parser: over a corpus of real and
 * tricky files (and random ones), every part it takes must come out of prepare exactly as the
 * parser path makes it (statements, text, line, column, payload, transactional flag, note).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createFolderSource, type LoadedMigration, type Migration, type SqlPart } from '@godwit/core';
import { tempDir } from '@godwit/test-kit/temp';
import { describe, expect, it } from 'vitest';
import { prepareStep } from '../prepare.js';
import { loadParser } from '../sql/split.js';
import { parsedPart } from './parsed-part.js';
import { scannedPart } from './scanned-part.js';

const up = (body: string) => `-- +goose Up\n${body}`;

/** name -> [file contents, whether the fast lane must take it] */
const CASES: Record<string, [string, boolean]> = {
  plain: [up('CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);  SELECT 1;\n'), true],
  lowercase_odd_space: [up('create\ttable   b (id int)\n;\n\n  insert\r\ninto b values (1)   ;update b set id = 2;delete from b\n'), true],
  crlf_unicode: [up('CREATE TABLE "ünï;cødé" (x text);\r\nINSERT INTO "ünï;cødé" VALUES (\'日本;😀\');\r\n  INSERT INTO "ünï;cødé" VALUES (\'x\');\r\n'), true],
  dollar_quotes: [
    up("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; COMMIT; VACUUM; $$ LANGUAGE sql;\nDO $body$ BEGIN RAISE NOTICE 'a;b'; PERFORM 1; END $body$;\nDO $$ BEGIN EXECUTE $q$ SELECT ';' $q$; END $$;\n"),
    true,
  ],
  function_body_commit_text: [
    up("CREATE OR REPLACE PROCEDURE p() LANGUAGE plpgsql AS $proc$\nBEGIN\n  COMMIT;\n  EXECUTE 'VACUUM';\nEND\n$proc$;\nCALL p();\n"),
    true,
  ],
  e_strings: [up("INSERT INTO t VALUES (E'it\\'s; fine');\nSELECT 'x'';y';\nSELECT e'a\\\\';\nSELECT E'one'\n'two;';\n"), true],
  nested_comments: [up('/* outer /* inner; */ still; comment */ SELECT 1; -- trailing; comment\n-- only a comment;\nSELECT 2;\n;;\n/* last */'), true],
  params: [up('PREPARE q AS SELECT $1;\nSELECT $1, a$b, "$x$" FROM t;\n'), false],
  params_plain: [up('SELECT a$b$c, $1 FROM t;\nINSERT INTO t VALUES ($1);\n'), true],
  trailing_comment_no_semicolon: [up('SELECT 1;\nSELECT 2 -- no semicolon after me'), true],
  comment_before_semicolon: [up('SELECT 1 /* c */\n-- line\n;\nSELECT 2'), true],
  statement_blocks: [
    up('-- +goose StatementBegin\nCREATE FUNCTION g() RETURNS trigger AS $$\nBEGIN\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n-- +goose StatementEnd\nINSERT INTO t VALUES (1);\n-- +goose StatementBegin\n-- only comments;\n-- +goose StatementEnd\n'),
    true,
  ],
  statement_block_two_statements: [up('-- +goose StatementBegin\nCREATE TABLE x (id int);\nINSERT INTO x VALUES (1);\n-- +goose StatementEnd\n'), true],
  statement_block_unparsable: [up('-- +goose StatementBegin\nCREATE TABLE y (id int) WITH SOMETHING NEW;\n-- +goose StatementEnd\n'), true],
  no_transaction_plain: [`-- +goose NO TRANSACTION\n${up('CREATE TABLE n (id int);\nINSERT INTO n VALUES (1);\n')}`, true],
  create_kinds: [
    up(
      [
        'CREATE UNIQUE INDEX i1 ON t (a)',
        'CREATE INDEX IF NOT EXISTS i2 ON t USING btree (b)',
        'CREATE OR REPLACE VIEW v AS SELECT 1',
        'CREATE MATERIALIZED VIEW mv AS SELECT 1 WITH NO DATA',
        'CREATE TEMP TABLE tt (x int)',
        'CREATE GLOBAL TEMPORARY TABLE gt (x int)',
        'CREATE UNLOGGED TABLE ut (x int)',
        'CREATE SEQUENCE s',
        'CREATE SCHEMA app',
        'CREATE EXTENSION IF NOT EXISTS pgcrypto',
        "CREATE TYPE mood AS ENUM ('sad', 'ok')",
        'CREATE DOMAIN posint AS int CHECK (VALUE > 0)',
        'CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION g()',
        'CREATE CONSTRAINT TRIGGER ct AFTER INSERT ON t DEFERRABLE FOR EACH ROW EXECUTE FUNCTION g()',
        'CREATE POLICY p ON t USING (true)',
        'CREATE ROLE r',
      ].join(';\n'),
    ),
    true,
  ],
  alter_drop_kinds: [
    up(
      [
        'ALTER TABLE t ADD COLUMN c int',
        'ALTER TABLE t SET TABLESPACE pg_default',
        'ALTER TABLE ONLY t DETACH PARTITION p1',
        'ALTER INDEX i1 RENAME TO i3',
        'ALTER SEQUENCE s RESTART',
        'ALTER TYPE mood RENAME TO feeling',
        'ALTER TYPE feeling OWNER TO r',
        'DROP INDEX IF EXISTS i3',
        'DROP TABLE IF EXISTS t CASCADE',
        'DROP VIEW v',
        'DROP MATERIALIZED VIEW mv',
        'DROP TYPE feeling',
        'COMMENT ON TABLE t IS \'a; b\'',
        'GRANT SELECT ON t TO r',
        'REVOKE ALL ON t FROM r',
        'TRUNCATE t',
        'ANALYZE t',
        'SET search_path = app, public',
        'RESET search_path',
        'LOCK TABLE t IN ACCESS EXCLUSIVE MODE',
        'WITH x AS (DELETE FROM t RETURNING *) SELECT count(*) FROM x',
        'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE',
        'REFRESH MATERIALIZED VIEW mv',
      ].join(';\n'),
    ),
    true,
  ],
  // what classify.ts cares about: never the fast lane
  concurrently: [up('CREATE INDEX CONCURRENTLY i ON t (a);\n'), false],
  concurrently_unique: [up('create unique index concurrently if not exists i on t (a);\n'), false],
  drop_concurrently: [up('DROP INDEX CONCURRENTLY i;\n'), false],
  detach_concurrently: [up('ALTER TABLE t DETACH PARTITION p CONCURRENTLY;\n'), false],
  reindex: [up('REINDEX TABLE t;\n'), false],
  vacuum: [up('INSERT INTO t VALUES (1);\nVACUUM t;\n'), false],
  vacuum_analyze: [up('VACUUM (ANALYZE) t;\n'), false],
  add_value: [up("ALTER TYPE mood ADD VALUE 'happy';\n"), false],
  rename_value: [up("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';\n"), false],
  create_database: [up('CREATE DATABASE d;\n'), false],
  drop_database: [up('DROP DATABASE d;\n'), false],
  alter_database: [up('ALTER DATABASE d SET TABLESPACE x;\n'), false],
  alter_system: [up("ALTER SYSTEM SET work_mem = '1MB';\n"), false],
  tablespace: [up("CREATE TABLESPACE ts LOCATION '/tmp';\n"), false],
  subscription: [up("CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p;\n"), false],
  cluster: [up('CLUSTER;\n'), false],
  own_transaction: [up('BEGIN;\nCREATE TABLE o (id int);\nCOMMIT;\n'), false],
  own_transaction_lower: [up('begin transaction isolation level serializable;\ninsert into o values (1);\nend;\n'), false],
  start_transaction: [up('START TRANSACTION;\nINSERT INTO o VALUES (1);\nROLLBACK;\n'), false],
  savepoint: [up('SAVEPOINT a;\nRELEASE a;\n'), false],
  atomic_body: [
    up('CREATE FUNCTION h() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\nINSERT INTO t VALUES (1);\n'),
    false,
  ],
  rule: [up('CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); INSERT INTO u VALUES (2));\n'), false],
  leading_paren: [up('(SELECT 1) UNION (SELECT 2);\n'), false],
  number_junk: [up("SELECT 1'x';\n"), false],
  e_string_continued_after_comment: [up("SELECT E'a\\'' -- c\n'; b';\n"), false],
  unterminated_string: [up("INSERT INTO t VALUES ('oops);\n"), false],
  unterminated_comment: [up('SELECT 1; /* never closed\n'), false],
  unknown_statement: [up('DISCARD ALL;\n'), false],
  syntax_error: [up('CREATE TABLE fine (id int);\nCREAT TABLE oops (id int);\n'), false],
  batch: [up('-- +godwit BATCH size=10\nUPDATE t SET a = 1 WHERE a IS NULL;\n'), false],
  // a syntax error in statements the scan takes: only the syntax check stops it
  syntax_error_plain: [up('CREATE TABLE fine (id int);\nCREATE TABLE oops (id int,);\n'), true],
  pair_plain: ['CREATE TABLE pp (id int);\nINSERT INTO pp VALUES (1);\n', true],
};

/** Files of the repository's own sample projects and examples, when the checkout has them. */
function repositoryFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const root = join(import.meta.dirname, '../../../..');
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.sql') && !path.includes('sqlite')) out[path.slice(root.length + 1)] = readFileSync(path, 'utf8');
    }
  };
  walk(join(root, 'migrations'));
  return out;
}

interface Loaded {
  label: string;
  migration: Migration;
  loaded: LoadedMigration;
}

/** Each text as a migration folder of its own (a goose file, or a pair when it has no `-- +goose Up`). */
async function load(texts: Record<string, string>): Promise<Loaded[]> {
  const out: Loaded[] = [];
  for (const [label, text] of Object.entries(texts)) {
    const file = text.includes('-- +goose Up') ? '000001_case.sql' : '000001_case.up.sql';
    const dir = await tempDir('scan', { [file]: text });
    try {
      for (const migration of await createFolderSource({ dir: dir.dir }).list()) out.push({ label, migration, loaded: await migration.load() });
    } finally {
      await dir.remove();
    }
  }
  return out;
}

const view = (statements: Array<{ prepared: unknown; atomic: boolean }>) => statements.map((s) => ({ ...(s.prepared as object), atomic: s.atomic }));

async function outcome(f: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await f() };
  } catch (e) {
    return { error: String(e), data: JSON.stringify(e) };
  }
}

/** The bundled parser standing in for the server's in `checkSyntax`. */
async function bundledParses(texts: string[]): Promise<boolean> {
  const parse = await loadParser();
  return texts.every((t) => {
    try {
      parse(t);
      return true;
    } catch {
      return false;
    }
  });
}

/** Compares both lanes on every part of `items`; returns the labels the fast lane took. */
async function compare(items: Loaded[]): Promise<Set<string>> {
  const fast = new Set<string>();
  for (const { label, migration, loaded } of items) {
    for (const direction of ['up', 'down'] as const) {
      const part = direction === 'up' ? loaded.up : loaded.down;
      if (part?.kind !== 'sql') continue;
      const scanned = scannedPart(part);
      if (scanned && (await bundledParses(scanned.syntax))) {
        fast.add(`${label}:${direction}`);
        const parsed = await parsedPart(part, migration.version);
        expect(view(scanned.statements), label).toEqual(view(parsed));
        // the parser keeps no tree for any of them: nothing that affects the transaction
        expect(parsed.every((s) => (s.statement.nodes ?? []).length === 0), label).toBe(true);
      }
      for (const singleTransaction of [false, true]) {
        const withScan = await outcome(() => prepareStep(migration, loaded, direction, { singleTransaction, checkSyntax: bundledParses }));
        const withParser = await outcome(() => prepareStep(migration, loaded, direction, { singleTransaction }));
        expect(withScan, `${label} ${direction}`).toEqual(withParser);
      }
    }
  }
  return fast;
}

describe('the lexical fast lane against the parser', () => {
  it('prepares every corpus file exactly as the parser path does, and takes the plain ones', async () => {
    const fast = await compare(await load(Object.fromEntries(Object.entries(CASES).map(([k, [text]]) => [k, text]))));
    for (const [label, [, expected]] of Object.entries(CASES)) expect(fast.has(`${label}:up`), label).toBe(expected && label !== 'syntax_error_plain');
  });

  it("lets a syntax error in plain statements through only to the syntax check, which sends it to the parser's error", async () => {
    const [item] = await load({ bad: CASES.syntax_error_plain![0] });
    const part = item!.loaded.up as SqlPart;
    expect(scannedPart(part)).toBeDefined();
    await expect(prepareStep(item!.migration, item!.loaded, 'up', { singleTransaction: false, checkSyntax: async () => false })).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      line: 3,
    });
  });

  it("prepares the repository's sample migrations the same way", async () => {
    const files = repositoryFiles();
    await compare(await load(files));
  });

  it('agrees with the parser on random mixes of tricky tokens', async () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pick = <T>(list: readonly T[]) => list[random(list.length)]!;
    const gaps = [' ', '\n', '\r\n', '\t', ' /* c; /* n; */ */ ', ' -- c; \'\n', '\n\n'];
    const values = [
      "'a;b'", "E'x\\';y'", "e'\\\\'", "'it''s'", '$$ COMMIT; $$', '$t$ ; VACUUM $t$', '$1', '"q;id"', '1.5e3', "U&'d\\0061t'", "B'101'",
      "X'1F'", "'x'::text", "E'a'\n'b;'", "'x' -- c;\n'y'", 'a$b', "'ünï 😀'", 'concurrently', 'value', '"atomic"',
    ];
    const templates = [
      'SELECT {e},{g}{e}', 'INSERT INTO t VALUES ({e},{g}{e})', 'update t set a ={g}{e}', 'CREATE TABLE "x;{g}" (a text DEFAULT {e})',
      'DO $do$ BEGIN PERFORM {e}; COMMIT; END $do$', 'CREATE INDEX i ON t ((a ||{g}{e}))', 'create index concurrently i on t (a)',
      'VACUUM t', 'BEGIN', 'COMMIT', 'ALTER TYPE m ADD VALUE {e}', 'ALTER TABLE t ADD COLUMN c text DEFAULT {e}', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT {e}; END',
    ];
    const texts: Record<string, string> = {};
    for (let n = 0; n < 300; n++) {
      const statements: string[] = [];
      for (let s = random(4) + 1; s > 0; s--) statements.push(pick(templates).replace(/\{e\}|\{g\}/g, (m) => (m === '{e}' ? pick(values) : pick(gaps))));
      texts[`random_${n}`] = up(`${pick(gaps)}${statements.map((s) => `${s}${pick(gaps)};${random(4) === 0 ? ';' : ''}${pick(gaps)}`).join('')}`);
    }
    const fast = await compare(await load(texts));
    // enough of them are plain, valid SQL for the comparison to mean something
    expect(fast.size).toBeGreaterThan(30);
  });
});
