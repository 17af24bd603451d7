/**
 * The apply path without the bundled parser (part/scanned-part.ts): plain migrations run without
 * loading libpg-query, errors still point at file:line:column, a syntax error still stops the run
 * before anything is applied, and the server-side syntax check leaves nothing behind.
 * The tests run in order: the first ones need the parser not loaded yet in this file.
 */
import { describePostgres } from '@godwit/test-kit/postgres';
import { expect, it } from 'vitest';
import { connectionSettings } from '../src/connection/config.js';
import { Sessions } from '../src/connection/sessions.js';
import { send } from '../src/session/step-session.js';
import { serverParses } from '../src/session/syntax-probe.js';
import { parserLoaded } from '../src/sql/split.js';
import { perTestProject } from './support/project.js';

describePostgres('the apply path without the bundled parser', () => {
  const { db, project } = perTestProject('fast');

  it('applies and rolls back plain migrations without loading the parser', async () => {
    await project.write({
      '000001_people.sql': "-- +goose Up\nCREATE TABLE people (id int PRIMARY KEY, name text);\nINSERT INTO people VALUES (1, 'a;b');\n-- +goose Down\nDROP TABLE people;\n",
      '000002_pets.up.sql': 'create table pets (id int, owner int references people (id));\n',
      '000002_pets.down.sql': 'drop table pets;\n',
    });
    const m = project.migrator();
    expect((await m.up()).error).toBeUndefined();
    expect(await db.query('SELECT name FROM people')).toEqual([{ name: 'a;b' }]);
    expect((await m.down()).error).toBeUndefined();
    expect(await db.tableExists('pets')).toBe(false);
    expect(parserLoaded()).toBe(false);
  });

  it('maps a failing statement to its line and column, as the parser path does', async () => {
    const line3 = "  INSERT INTO t VALUES ('日本語'); INSERT INTO t (nope) VALUES (1);";
    await project.write({ '000001_broken.sql': `-- +goose Up\r\nCREATE TABLE t (note text);\r\n${line3}\r\n` });
    const result = await project.migrator().up();
    const column = line3.indexOf('nope') + 1;
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 3, column, message: 'column "nope" of relation "t" does not exist' });
    expect(await db.tableExists('t')).toBe(false);
    expect(parserLoaded()).toBe(false);
  });

  it('stops on a syntax error in plain statements before anything runs, with the parser error', async () => {
    await project.write({
      '000001_ok.sql': '-- +goose Up\nCREATE TABLE ok (id int);\n',
      '000002_bad.sql': '-- +goose Up\nCREATE TABLE fine (id int);\nCREATE TABLE oops (id int,);\n',
    });
    const result = await project.migrator().up();
    expect(result.error).toMatchObject({ code: 'PARSE_ERROR', message: 'syntax error at or near ")"', line: 3, column: 27 });
    expect(result.results).toEqual([]);
    expect(await db.tableExists('ok')).toBe(false);
    expect(parserLoaded()).toBe(true);
  });

  it('checks syntax on the server without running or keeping anything', async () => {
    const url = db.url;
    const sessions = new Sessions({ url, settings: connectionSettings(url, { applicationName: 'test', connectTimeoutMs: 5000 }), secrets: [] });
    try {
      const body = 'CREATE TABLE never (id int);\nINSERT INTO never VALUES ($1);\nSELECT $godwit_syntax$ x $godwit_syntax$';
      expect(await serverParses(sessions, [body, 'DROP TABLE never'])).toBe(true);
      expect(await serverParses(sessions, ['CREATE TABLE x (id int,)'])).toBe(false);
      const session = await sessions.main();
      expect(session.client.getTransactionStatus()).toBe('I');
      expect(await db.tableExists('never')).toBe(false);
      const left = await session.client.query("SELECT count(*)::int AS n FROM pg_proc WHERE proname LIKE 'godwit_syntax%'");
      expect(left.rows).toEqual([{ n: 0 }]);
      // never inside a transaction it did not open
      await session.client.query('BEGIN');
      expect(await serverParses(sessions, ['SELECT 1'])).toBe(false);
      expect(session.client.getTransactionStatus()).toBe('T');
      await session.client.query('ROLLBACK');
    } finally {
      await sessions.close();
    }
  });

  it("knows a failed query's transaction status as soon as the query fails", async () => {
    const url = db.url;
    const sessions = new Sessions({ url, settings: connectionSettings(url, { applicationName: 'test', connectTimeoutMs: 5000 }), secrets: [] });
    try {
      const session = await sessions.main();
      for (let n = 0; n < 20; n++) {
        // the server flushes this error before its ReadyForQuery: the status must be the one after
        await expect(send(session, ['BEGIN', 'CREATE FUNCTION pg_temp.f(anyelement) RETURNS void LANGUAGE sql AS $$ SELECT ( $$'])).rejects.toMatchObject({
          code: '42601',
        });
        expect(session.client.getTransactionStatus()).toBe('E');
        await send(session, ['ROLLBACK']);
      }
    } finally {
      await sessions.close();
    }
  });
});
