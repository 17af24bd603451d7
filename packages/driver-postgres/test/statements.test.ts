import { describePostgres } from '@godwit/test-kit/postgres';
import { expect, it } from 'vitest';
import { perTestProject } from './support/project.js';

const TRICKY = `-- +goose Up
/* a nested /* comment; with */ semicolons; */
CREATE TABLE "odd;name" ("semi;colon" text, id int);

CREATE FUNCTION add_one(x int) RETURNS int AS $$
  SELECT x + 1; -- a semicolon inside the body
$$ LANGUAGE sql;

CREATE FUNCTION shout(t text) RETURNS text LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN upper(t) || ';!';
END;
$fn$;

DO $$
BEGIN
  INSERT INTO "odd;name" VALUES ('from DO; block', 1);
END
$$;

INSERT INTO "odd;name" VALUES (E'it\\'s; escaped', 2), ('plain '';'' quote', 3);
INSERT INTO "odd;name" VALUES ('ünïcødé 日本 😀', 4);

-- +goose Down
DROP FUNCTION shout(text);
DROP FUNCTION add_one(int);
DROP TABLE "odd;name";
`;

describePostgres('statements against the server', () => {
  const { db, project } = perTestProject('stmt');

  it('runs dollar-quoted bodies, DO blocks, E strings, nested comments and odd identifiers without annotations', async () => {
    await project.write({ '000001_tricky.sql': TRICKY });
    const m = project.migrator();
    const result = await m.up();
    expect(result.error).toBeUndefined();
    const rows = await db.query<{ id: number; v: string }>('SELECT id, "semi;colon" AS v FROM "odd;name" ORDER BY id');
    expect(rows).toEqual([
      { id: 1, v: 'from DO; block' },
      { id: 2, v: "it's; escaped" },
      { id: 3, v: "plain ';' quote" },
      { id: 4, v: 'ünïcødé 日本 😀' },
    ]);
    expect(await db.query('SELECT add_one(1) AS a, shout($1) AS s', ['hi'])).toEqual([{ a: 2, s: 'HI;!' }]);
    const down = await m.down();
    expect(down.error).toBeUndefined();
    expect(await db.tableExists('"odd;name"')).toBe(false);
  });

  it('maps a failing statement to its line and column in a CRLF, non-ASCII file, and leaves no trace', async () => {
    const text = [
      '-- +goose Up',
      "CREATE TABLE first_one (note text DEFAULT 'déjà vu');",
      "INSERT INTO first_one VALUES ('日本語'); INSERT INTO first_one (nope) VALUES (1);",
      '-- +goose Down',
      'DROP TABLE first_one;',
      '',
    ].join('\r\n');
    await project.write({ '000001_broken.sql': text });
    const m = project.migrator();
    const result = await m.up();
    expect(result.ok).toBe(false);
    const err = result.error!;
    expect(err.code).toBe('MIGRATION_FAILED');
    expect(err.message).toBe('column "nope" of relation "first_one" does not exist');
    // Line 3: `INSERT INTO first_one VALUES ('日本語'); ` is 38 characters; "nope" is at 38 + 24.
    expect(err.file).toMatch(/000001_broken\.sql$/);
    expect([err.line, err.column]).toEqual([3, 62]);
    expect(err.data).toMatchObject({ sqlstate: '42703' });
    expect(await db.tableExists('first_one')).toBe(false);
    expect(await db.query('SELECT version FROM godwit_migrations')).toEqual([]);
    const history = await db.query<{ version: string; success: boolean; error: string }>(
      'SELECT version, success, error FROM godwit_migrations_history',
    );
    // The history keeps the whole located error: file:line:col: message.
    expect(history).toEqual([{ version: '1', success: false, error: String(err) }]);
  });

  it('reports the server DETAIL and HINT of a failure', async () => {
    await project.write({
      '000001_dupe.sql': '-- +goose Up\nCREATE TABLE u (id int PRIMARY KEY);\nINSERT INTO u VALUES (1), (1);\n',
    });
    const result = await project.migrator().up();
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 3, column: 1 });
    expect(result.error?.message).toMatch(/duplicate key value violates unique constraint "u_pkey"/);
    expect(result.error?.hint).toContain('DETAIL: Key (id)=(1) already exists.');
    expect(result.error?.data).toMatchObject({ sqlstate: '23505', detail: 'Key (id)=(1) already exists.' });
  });

  it('maps an error inside a SQL function body to its place in the file', async () => {
    await project.write({
      '000001_fn.sql': '-- +goose Up\nCREATE FUNCTION f() RETURNS int AS $$\n  SELECT missing_column\n  FROM pg_class\n$$ LANGUAGE sql;\n',
    });
    const result = await project.migrator().up();
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 3, column: 10 });
  });

  it('reports a failing statement inside a StatementBegin/End block at its own line, not the block start', async () => {
    await project.write({
      '000001_block.sql': [
        '-- +goose Up',
        'CREATE TABLE t1 (id int PRIMARY KEY);',
        '-- +goose StatementBegin',
        'INSERT INTO t1 VALUES (1);',
        'INSERT INTO t1 VALUES (2);',
        'INSERT INTO t1 (nope) VALUES (3);',
        '-- +goose StatementEnd',
        '',
      ].join('\n'),
    });
    const result = await project.migrator().up();
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 6, column: 17 });
    expect(await db.tableExists('t1')).toBe(false);
  });

  it('reports a PL/pgSQL body error in a block where PostgreSQL found it (at body-parse time)', async () => {
    await project.write({
      '000001_fn.sql': [
        '-- +goose Up',
        '-- +goose StatementBegin',
        'CREATE FUNCTION bad() RETURNS int LANGUAGE plpgsql AS $$',
        'BEGIN',
        '  RETRUN 1;',
        'END;',
        '$$;',
        '-- +goose StatementEnd',
        '',
      ].join('\n'),
    });
    const result = await project.migrator().up();
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 5, column: 3 });
    expect(result.error?.message).toBe('syntax error at or near "RETRUN"');
  });

  it('reports a run-time error in a DO block at the line PL/pgSQL names', async () => {
    await project.write({
      '000001_do.sql': ['-- +goose Up', '-- +goose StatementBegin', 'DO $$', 'BEGIN', '  RAISE NOTICE \'ok\';', '  PERFORM 1/0;', 'END $$;', '-- +goose StatementEnd', ''].join('\n'),
    });
    const result = await project.migrator().up();
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 6, column: 3 });
    expect(result.error?.message).toBe('division by zero');
  });

  it('refuses a file the parser cannot read before running anything', async () => {
    await project.write({
      '000001_ok.sql': '-- +goose Up\nCREATE TABLE ok (id int);\n',
      '000002_bad.sql': '-- +goose Up\nCREATE TABLE fine (id int);\nCREAT TABLE oops (id int);\n',
    });
    const result = await project.migrator().up();
    expect(result.error).toMatchObject({ code: 'PARSE_ERROR', line: 3, column: 1 });
    expect(result.results).toEqual([]);
    expect(await db.tableExists('ok')).toBe(false);
  });

  it('sends a StatementBegin/End block as one statement', async () => {
    await project.write({
      '000001_block.sql': [
        '-- +goose Up',
        '-- +goose StatementBegin',
        'CREATE FUNCTION two() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 2; END; $$;',
        '-- +goose StatementEnd',
        '',
      ].join('\n'),
    });
    const result = await project.migrator().up({ dryRun: true });
    expect(result.results[0]?.statements).toEqual([
      expect.objectContaining({ text: 'CREATE FUNCTION two() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 2; END; $$;', line: 3 }),
    ]);
    expect((await project.migrator().up()).error).toBeUndefined();
    expect(await db.query('SELECT two() AS v')).toEqual([{ v: 2 }]);
  });
});
