/**
 * The journal a run commits through (journal-mode.ts): reads in TRUNCATE, writes in WAL with
 * every commit synced, and the file left in the mode it was found in, by this run or by the next
 * one that writes when this one cannot.
 */
import { existsSync, readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../__fixtures__/steps.js';
import { SqliteConnection } from './connection.js';
import { walMarkerPath } from './journal-mode.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const modeOf = (db: Database.Database) => db.pragma('journal_mode', { simple: true });
const syncOf = (db: Database.Database) => db.pragma('synchronous', { simple: true });
const FULL = 2;

/** What a later, independent opener sees: the file's mode and its row count. */
function reopen(path: string): { mode: unknown; rows: unknown } {
  const db = new Database(path);
  try {
    return { mode: modeOf(db), rows: (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n };
  } finally {
    db.close();
  }
}

describe('a connection that only reads', () => {
  it('is TRUNCATE while open and leaves the file in DELETE mode with no journal', () => {
    const path = tmp.path('app.db');
    const connection = new SqliteConnection(path, 1000);
    const db = connection.open();
    expect(modeOf(db)).toBe('truncate');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)');
    // A committed transaction leaves the journal empty, not gone: that is TRUNCATE's saving.
    expect(existsSync(`${path}-journal`)).toBe(true);
    connection.close();
    expect(existsSync(`${path}-journal`)).toBe(false);
    expect(reopen(path)).toEqual({ mode: 'delete', rows: 1 });
  });
});

describe('a connection that writes', () => {
  it('commits through WAL with every commit synced, and leaves the file in DELETE mode with nothing beside it', () => {
    const path = tmp.path('app.db');
    const connection = new SqliteConnection(path, 1000);
    const db = connection.openForWrites();
    expect(modeOf(db)).toBe('wal');
    expect(syncOf(db)).toBe(FULL);
    expect(existsSync(walMarkerPath(path))).toBe(true);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)');
    connection.close();
    expect(readdirSync(tmp.dir)).toEqual(['app.db']);
    expect(reopen(path)).toEqual({ mode: 'delete', rows: 1 });
  });

  it('leaves a database the user put in WAL in WAL, with its commits synced', () => {
    const path = tmp.path('wal.db');
    const setup = new Database(path);
    setup.pragma('journal_mode = wal');
    setup.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    setup.close();
    const connection = new SqliteConnection(path, 1000);
    const db = connection.openForWrites();
    // better-sqlite3's own default for WAL is NORMAL (1): a commit not synced before it returns.
    expect(syncOf(db)).toBe(FULL);
    db.exec('INSERT INTO t VALUES (1)');
    connection.close();
    expect(existsSync(walMarkerPath(path))).toBe(false);
    expect(reopen(path)).toEqual({ mode: 'wal', rows: 1 });
  });

  it('while another connection has the file open, leaves WAL and the marker; the next run that writes switches it back', () => {
    const path = tmp.path('shared.db');
    // A busy timeout far above any pause of a loaded machine: closing must not wait for it at all.
    const first = new SqliteConnection(path, 60_000);
    first.openForWrites().exec('CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)');
    const app = new Database(path);
    expect(app.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    const started = Date.now();
    first.close();
    // Given up at once, not after the 60 s busy timeout.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(existsSync(walMarkerPath(path))).toBe(true);
    expect(modeOf(app)).toBe('wal');
    app.close();

    // A read does not touch it (a dry run changes nothing); the next writer does, at its close.
    const reader = new SqliteConnection(path, 1000);
    reader.open();
    reader.close();
    expect(existsSync(walMarkerPath(path))).toBe(true);
    const next = new SqliteConnection(path, 1000);
    next.openForWrites().exec('INSERT INTO t VALUES (2)');
    next.close();
    expect(existsSync(walMarkerPath(path))).toBe(false);
    expect(reopen(path)).toEqual({ mode: 'delete', rows: 2 });
  });

  it('stays in TRUNCATE, without a marker, when WAL is refused (another connection holds a lock)', () => {
    const path = tmp.path('busy.db');
    const setup = new Database(path);
    setup.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    setup.exec('BEGIN');
    setup.prepare('SELECT count(*) FROM t').get(); // a SHARED lock, held until the transaction ends
    try {
      const connection = new SqliteConnection(path, 60_000);
      const started = Date.now();
      const db = connection.openForWrites();
      expect(Date.now() - started).toBeLessThan(30_000); // not the 60 s busy timeout
      expect(modeOf(db)).toBe('truncate');
      expect(existsSync(walMarkerPath(path))).toBe(false);
      connection.close();
    } finally {
      setup.exec('ROLLBACK');
      setup.close();
    }
    expect(reopen(path)).toEqual({ mode: 'delete', rows: 0 });
  });
});
