import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Driver } from '@godwit/core';
import { tempDir } from '../__fixtures__/steps.js';
import { createSqliteDriver } from '../driver.js';

let tmp: ReturnType<typeof tempDir>;
let driver: Driver;
beforeEach(() => {
  tmp = tempDir();
  driver = createSqliteDriver({ path: tmp.path('app.db'), table: 'schema_log' });
});
afterEach(async () => {
  await driver.close();
  tmp.cleanup();
});

function rows(path: string, sql: string): unknown[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

describe('the SQLite backup engine', () => {
  it('copies the database on the driver connection, without the lock row and out of WAL mode; restore puts it back', async () => {
    const live = new Database(tmp.path('app.db'));
    live.pragma('journal_mode = WAL');
    live.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada')");
    live.close();
    await driver.locker.lock({ timeoutMs: 1000 });
    const engine = await driver.backup!({});
    await engine.dump(tmp.path('copy.db'));
    await driver.locker.unlock();

    expect(rows(tmp.path('copy.db'), 'SELECT * FROM schema_log_lock')).toEqual([]);
    expect(rows(tmp.path('copy.db'), 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'delete' }]);
    expect(await engine.verify(tmp.path('copy.db'))).toMatch(/^integrity_check ok, \d+ table\(s\)$/);

    const after = new Database(tmp.path('app.db'));
    after.exec('DROP TABLE users');
    after.close();
    await engine.restore(tmp.path('copy.db'));
    expect(rows(tmp.path('app.db'), 'SELECT name FROM users')).toEqual([{ name: 'ada' }]);
  });

  it('restores into a database that does not exist yet', async () => {
    const source = new Database(tmp.path('source.db'));
    source.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    source.close();
    await (await driver.backup!({})).restore(tmp.path('source.db'));
    expect(rows(tmp.path('app.db'), 'SELECT x FROM t')).toEqual([{ x: 1 }]);
  });

  it('refuses to back up a database that does not exist, and creates no file for it', async () => {
    const engine = await driver.backup!({});
    await expect(engine.dump(tmp.path('copy.db'))).rejects.toMatchObject({ code: 'BACKUP_FAILED', message: expect.stringMatching(/does not exist$/) });
    expect(() => rows(tmp.path('app.db'), 'SELECT 1')).toThrow();
  });

  it('a file that is not a database fails verification', async () => {
    writeFileSync(tmp.path('junk.db'), 'not a database at all, just text'.repeat(200));
    const engine = await driver.backup!({});
    await expect(engine.verify(tmp.path('junk.db'))).rejects.toThrow();
  });
});
