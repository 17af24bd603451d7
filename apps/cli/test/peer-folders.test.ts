/**
 * Folders written for golang-migrate and goose, read as those tools read them (issue 11): the
 * built binary on real folders, against a real SQLite file and a real PostgreSQL database.
 * 1 an up and a down with different names are one migration; 2 a down file alone is an empty up;
 * 3 `.up.go` + `.down.go` are one unsupported migration; 4 two up files for one version are an
 * error naming both (every such problem at once); 5 ENVSUB in every goose form, values from .env
 * included; 6 annotation lines inside StatementBegin/End never reach the database.
 */
import { runCli } from '@godwit/test-kit/cli';
import { perTest } from '@godwit/test-kit/per-test';
import { createTestDatabase, describePostgres } from '@godwit/test-kit/postgres';
import { tempDir } from '@godwit/test-kit/temp';
import { describe, expect, it } from 'vitest';
import { appliedVersions, parseJson, projectPerTest } from './helpers.js';

/** The `godwit: error:` lines of stderr. */
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('godwit: error: '));

describe('golang-migrate and goose folders on SQLite', () => {
  const project = projectPerTest();

  it('1: an up and a down file with different names are one migration, named after the up file', async () => {
    await project.write('migrations/1_create_t1.up.sql', 'CREATE TABLE t1 (a INTEGER);\n');
    await project.write('migrations/1_drop_t1.down.sql', 'DROP TABLE t1;\n');

    const up = await project.godwit('up');
    expect({ code: up.code, stderr: errorLines(up.stderr) }).toEqual({ code: 0, stderr: [] });
    expect(project.userTables()).toEqual(['t1']);
    const status = parseJson((await project.godwit('status', '--json')).stdout);
    expect(status.migrations).toEqual([{ version: 1, name: 'create_t1', state: 'applied', appliedAt: expect.any(String) }]);

    const down = await project.godwit('down');
    expect(down.code).toBe(0);
    expect(project.userTables()).toEqual([]);
    expect(appliedVersions(project)).toEqual([]);
  });

  it('2: a down file without its up is an empty up: listed as such, applied as nothing, warned about by validate', async () => {
    await project.write('migrations/1_t.up.sql', 'CREATE TABLE t (a INTEGER);\n');
    await project.write('migrations/1_t.down.sql', 'DROP TABLE t;\n');
    await project.write('migrations/7_x.down.sql', 'DROP TABLE IF EXISTS x;\n');

    const text = await project.godwit('status');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^7\s+x\s+pending \(no up file: empty\)\s+-\s*$/m);
    expect(text.stdout).toMatch(/^1\s+t\s+pending\s+-\s*$/m);
    const json = parseJson((await project.godwit('status', '--json')).stdout);
    expect(json.migrations[1]).toEqual({ version: 7, name: 'x', state: 'pending', appliedAt: null, noUpFile: true });
    expect(json.migrations[0]).not.toHaveProperty('noUpFile');

    const validate = await project.godwit('validate');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toBe('ok: 2 migration(s) checked (files and sqlite:./app.db), 1 warning(s)\n');
    expect(validate.stderr).toContain('godwit: warning: migrations/7_x.down.sql: 7_x.down.sql has no up file');
    expect(errorLines(validate.stderr)).toEqual([]);
    const validateJson = parseJson((await project.godwit('validate', '--json')).stdout);
    expect(validateJson).toMatchObject({ ok: true, problems: [{ severity: 'warning', file: 'migrations/7_x.down.sql', version: 7 }] });

    const up = await project.godwit('up');
    expect(up.code).toBe(0);
    expect(appliedVersions(project)).toEqual([1, 7]);
    expect(project.userTables()).toEqual(['t']);
    const after = parseJson((await project.godwit('status', '--json')).stdout);
    expect(after.migrations[1]).toMatchObject({ version: 7, state: 'applied', noUpFile: true });

    // its down file is a real down
    expect((await project.godwit('down')).code).toBe(0);
    expect(appliedVersions(project)).toEqual([1]);
  });

  it('3: .up.go and .down.go are one unsupported migration, never a duplicate version; up stops before it', async () => {
    await project.write('migrations/1_t.up.sql', 'CREATE TABLE t (a INTEGER);\n');
    await project.write('migrations/2_backfill.up.go', 'package migrations\n');
    await project.write('migrations/2_backfill.down.go', 'package migrations\n');
    await project.write('migrations/3_u.up.sql', 'CREATE TABLE u (a INTEGER);\n');

    const status = parseJson((await project.godwit('status', '--json')).stdout);
    expect(status.migrations.map((m: { version: number; state: string }) => `${m.version}:${m.state}`)).toEqual(['1:pending', '2:unsupported', '3:pending']);

    const up = await project.godwit('up');
    expect(up.code).toBe(1);
    expect(up.stderr).not.toContain('duplicate version');
    expect(errorLines(up.stderr).join('\n')).toMatch(/2_backfill\.up\.go/);
    expect(appliedVersions(project)).toEqual([1]);
    expect(project.userTables()).toEqual(['t']);

    const skipped = await project.godwit('up', '--skip-unsupported');
    expect(skipped.code).toBe(0);
    expect(appliedVersions(project)).toEqual([1, 2, 3]);
  });

  it('4: two up files for one version are an error naming both; every such problem is reported at once', async () => {
    await project.write('migrations/1_t.up.sql', 'CREATE TABLE t (a INTEGER);\n');
    await project.write('migrations/3_a.up.sql', 'CREATE TABLE a (a INTEGER);\n');
    await project.write('migrations/3_b.up.sql', 'CREATE TABLE b (a INTEGER);\n');
    await project.write('migrations/5_c.down.sql', 'SELECT 1;\n');
    await project.write('migrations/5_d.down.sql', 'SELECT 1;\n');

    const up = await project.godwit('up');
    expect(up.code).toBe(1);
    const [line, ...others] = errorLines(up.stderr);
    expect(others).toEqual([]);
    expect(line).toBe(
      'godwit: error: migrations/3_a.up.sql: duplicate version 3: two up files, 3_a.up.sql and 3_b.up.sql ' +
        '(and 1 more: migrations/5_c.down.sql: duplicate version 5: two down files, 5_c.down.sql and 5_d.down.sql)',
    );
    expect(project.userTables()).toEqual([]);

    const validate = await project.godwit('validate', '--json');
    expect(validate.code).toBe(1);
    expect(errorLines(validate.stderr)).toEqual([
      'godwit: error: migrations/3_a.up.sql: duplicate version 3: two up files, 3_a.up.sql and 3_b.up.sql',
      'godwit: error: migrations/5_c.down.sql: duplicate version 5: two down files, 5_c.down.sql and 5_d.down.sql',
    ]);
    expect(parseJson(validate.stdout).problems).toHaveLength(2);
  });

  it('5: ENVSUB takes $VAR, ${VAR}, ${VAR-d}, ${VAR:-d} and \\$VAR as goose does, with values from .env', async () => {
    await project.write('.env', 'FROM_DOTENV=dotenv-value\nEMPTY_IN_DOTENV=\n');
    await project.write(
      'migrations/1_envsub.sql',
      [
        '-- +goose Up',
        'CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT);',
        '-- +goose ENVSUB ON',
        "INSERT INTO kv VALUES ('bare', '$PLAIN');",
        "INSERT INTO kv VALUES ('braced', '${PLAIN}x');",
        "INSERT INTO kv VALUES ('dash-empty', '${EMPTY_IN_DOTENV-default}');",
        "INSERT INTO kv VALUES ('colon-dash-empty', '${EMPTY_IN_DOTENV:-default}');",
        "INSERT INTO kv VALUES ('dash-unset', '${NOT_SET-default}');",
        "INSERT INTO kv VALUES ('escaped', '\\$PLAIN');",
        "INSERT INTO kv VALUES ('dotenv', '$FROM_DOTENV');",
        "INSERT INTO kv VALUES ('secret', '${SECRET_PW}');",
        '-- +goose ENVSUB OFF',
        "INSERT INTO kv VALUES ('off', '$PLAIN');",
        '',
      ].join('\n'),
    );
    const run = (...args: string[]) =>
      project.raw(['--database', 'sqlite:./app.db', '--dir', 'migrations', ...args], { PLAIN: 'plain', SECRET_PW: 's3cr3t-pw', NOT_SET: undefined });

    // a dry run shows the values taken from the environment as ${NAME}, the secret included
    const dry = await run('up', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("INSERT INTO kv VALUES ('secret', '${SECRET_PW}')");
    expect(dry.stdout).toContain("INSERT INTO kv VALUES ('bare', '${PLAIN}')");
    expect(`${dry.stdout}${dry.stderr}`).not.toContain('s3cr3t-pw');

    const up = await run('up');
    expect({ code: up.code, stderr: errorLines(up.stderr) }).toEqual({ code: 0, stderr: [] });
    const rows = Object.fromEntries(project.query<{ k: string; v: string }>('SELECT k, v FROM kv').map((r) => [r.k, r.v]));
    expect(rows).toEqual({
      bare: 'plain',
      braced: 'plainx',
      'dash-empty': '',
      'colon-dash-empty': 'default',
      'dash-unset': 'default',
      escaped: '$PLAIN',
      dotenv: 'dotenv-value',
      secret: 's3cr3t-pw',
      off: '$PLAIN',
    });
  });

  it('5: an unset $VAR without a default is an error naming the file and line', async () => {
    await project.write('migrations/1_envsub.sql', '-- +goose Up\n-- +goose ENVSUB ON\nCREATE TABLE $TABLE_NAME (a INTEGER);\n');
    const r = await project.raw(['--database', 'sqlite:./app.db', '--dir', 'migrations', 'up'], { TABLE_NAME: undefined });
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual(['godwit: error: migrations/1_envsub.sql:3:14: environment variable TABLE_NAME is not set (ENVSUB is on)']);
    expect(project.userTables()).toEqual([]);
  });
});

describePostgres('golang-migrate and goose folders on PostgreSQL', () => {
  const db = perTest(() => createTestDatabase('peer'), (d) => d.drop());
  const project = perTest(() => tempDir('peer-pg'), (p) => p.remove());
  const godwit = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCli(['--database', db.url, '--dir', 'migrations', ...args], { cwd: project.dir, env });
  const versions = async () => (await db.query<{ version: string }>('SELECT version FROM godwit_migrations ORDER BY version')).map((r) => Number(r.version));

  it('1 and 2: a renamed pair goes up and down; a lone down file is an empty up', async () => {
    await project.write({
      'migrations/1_create_t1.up.sql': 'CREATE TABLE t1 (a int);\n',
      'migrations/1_drop_t1.down.sql': 'DROP TABLE t1;\n',
      'migrations/7_x.down.sql': 'DROP TABLE IF EXISTS x;\n',
    });
    const status = parseJson((await godwit(['status', '--json'])).stdout);
    expect(status.migrations).toEqual([
      { version: 1, name: 'create_t1', state: 'pending', appliedAt: null },
      { version: 7, name: 'x', state: 'pending', appliedAt: null, noUpFile: true },
    ]);
    expect((await godwit(['up'])).code).toBe(0);
    expect(await versions()).toEqual([1, 7]);
    expect(await db.tableExists('t1')).toBe(true);
    expect((await godwit(['down-to', '0'])).code).toBe(0);
    expect(await versions()).toEqual([]);
    expect(await db.tableExists('t1')).toBe(false);
  });

  it('3 and 4: a Go pair is unsupported; two up files name both', async () => {
    await project.write({ 'migrations/1_code.up.go': 'package m\n', 'migrations/1_code.down.go': 'package m\n' });
    const status = parseJson((await godwit(['status', '--json'])).stdout);
    expect(status.migrations).toEqual([{ version: 1, name: 'code', state: 'unsupported', appliedAt: null }]);
    await project.write({ 'migrations/2_a.up.sql': 'SELECT 1;\n', 'migrations/2_b.up.sql': 'SELECT 2;\n' });
    const r = await godwit(['up']);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual(['godwit: error: migrations/2_a.up.sql: duplicate version 2: two up files, 2_a.up.sql and 2_b.up.sql']);
  });

  it('5 and 6: ENVSUB forms reach the database; $1, $$ and $tag$ are left alone; no +goose line is stored in a function body', async () => {
    await project.write({
      '.env': 'GREETING=hello from .env\n',
      'migrations/1_functions.sql': [
        '-- +goose Up',
        '-- +goose ENVSUB ON',
        '-- +goose StatementBegin',
        'CREATE FUNCTION greet(who text) RETURNS text LANGUAGE plpgsql AS $body$',
        'BEGIN',
        "  RETURN '$GREETING, ' || who || ' (${SCHEMA_NAME:-public}, ${EMPTY-kept}, \\$GREETING)'",
        '-- +goose ENVSUB OFF',
        "    || ' $NOT_SUBSTITUTED';",
        '-- +goose ENVSUB ON',
        'END',
        '$body$;',
        '-- +goose StatementEnd',
        '-- +goose StatementBegin',
        'CREATE FUNCTION add_one(n int) RETURNS int LANGUAGE sql AS $$ SELECT $1 + 1 $$;',
        '-- +goose StatementEnd',
        'CREATE TABLE ${TABLE_NAME} (a int DEFAULT add_one(1));',
        '',
      ].join('\n'),
    });
    const up = await godwit(['up'], { TABLE_NAME: 'from_env', EMPTY: '', GREETING: undefined, SCHEMA_NAME: undefined });
    expect({ code: up.code, stderr: errorLines(up.stderr) }).toEqual({ code: 0, stderr: [] });

    const [greeting] = await db.query<{ v: string }>("SELECT greet('you') AS v");
    expect(greeting!.v).toBe('hello from .env, you (public, , $GREETING) $NOT_SUBSTITUTED');
    const [added] = await db.query<{ v: number }>('SELECT add_one(41) AS v');
    expect(added!.v).toBe(42);
    expect(await db.tableExists('from_env')).toBe(true);

    const bodies = await db.query<{ name: string; body: string }>(
      "SELECT proname AS name, prosrc AS body FROM pg_proc WHERE proname IN ('greet', 'add_one') ORDER BY proname",
    );
    expect(bodies).toHaveLength(2);
    for (const { body } of bodies) expect(body).not.toContain('+goose');
  });
});
