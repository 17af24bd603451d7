/**
 * The connection commits in TRUNCATE journal mode and leaves the file in DELETE mode, as found;
 * a WAL database is left alone.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../__fixtures__/steps.js';
import { SqliteConnection } from './connection.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const modeOf = (db: Database.Database) => db.pragma('journal_mode', { simple: true });

describe('the journal mode of a run', () => {
  it('is TRUNCATE while connected, and DELETE with no journal file left after close', () => {
    const path = tmp.path('app.db');
    const connection = new SqliteConnection(path, 1000);
    const db = connection.open();
    expect(modeOf(db)).toBe('truncate');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)');
    // A committed transaction leaves the journal empty, not gone: that is TRUNCATE's saving.
    expect(existsSync(`${path}-journal`)).toBe(true);
    connection.close();
    expect(existsSync(`${path}-journal`)).toBe(false);
    const after = new Database(path);
    expect(modeOf(after)).toBe('delete');
    expect(after.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    after.close();
  });

  it('leaves a WAL database in WAL mode', () => {
    const path = tmp.path('wal.db');
    const setup = new Database(path);
    setup.pragma('journal_mode = wal');
    setup.close();
    const connection = new SqliteConnection(path, 1000);
    expect(modeOf(connection.open())).toBe('wal');
    connection.close();
    const after = new Database(path);
    expect(modeOf(after)).toBe('wal');
    after.close();
  });

  it('does not wait at close for another connection that holds the file', () => {
    const path = tmp.path('busy.db');
    const connection = new SqliteConnection(path, 20_000);
    connection.open().exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    const other = new Database(path);
    other.exec('BEGIN EXCLUSIVE');
    const started = Date.now();
    connection.close();
    // Far below the 20 s busy timeout: the switch back is given up at once.
    expect(Date.now() - started).toBeLessThan(10_000);
    other.exec('ROLLBACK');
    other.close();
  });
});
