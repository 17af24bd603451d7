/**
 * Schema snapshots on real SQLite files: what inspect() sees, the round trip of `godwit test`
 * (a faulty down is caught with the exact difference), diff between two files, and drift.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createMigrator, diffSnapshots, formatChanges, roundTrip, type SchemaSnapshot } from '@godwit/core';
import { openSqlite } from '@godwit/test-kit/sqlite';
import { type TempDir, tempDir } from '@godwit/test-kit/temp';
import { perTest } from '@godwit/test-kit/per-test';
import { describe, expect, it } from 'vitest';
import { createSqliteDriver } from '../src/index.js';

/** Runs DDL on a file, creating it when missing. */
function exec(path: string, sql: string): void {
  const db = openSqlite(path, { write: true });
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

const find = (s: SchemaSnapshot, type: string, name: string) => s.objects.find((o) => o.type === type && o.name === name)?.definition;

describe('inspect() on SQLite', () => {
  const folder = perTest<TempDir>(() => tempDir('sqlite-inspect'), (f) => f.remove());
  const file = (name = 'app.db') => join(folder.dir, name);
  const driver = perTest(async () => createSqliteDriver({ path: file() }), (d) => d.close());

  it('reads tables, columns, indexes, foreign keys, views and triggers, and leaves the store out', async () => {
    exec(
      file(),
      `CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, mood TEXT DEFAULT 'ok')`,
    );
    exec(file(), 'CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id) ON DELETE CASCADE, total REAL) STRICT');
    exec(file(), 'CREATE INDEX orders_user ON orders (user_id) WHERE user_id IS NOT NULL');
    exec(file(), 'CREATE VIEW big AS SELECT id FROM orders WHERE total > 100');
    exec(file(), 'CREATE TRIGGER orders_touch AFTER UPDATE ON orders BEGIN SELECT 1; END');
    await driver.store.ensure();
    const s = await driver.inspect!();
    expect(find(s, 'table', 'orders')).toBe('STRICT');
    expect(find(s, 'column', 'users.email')).toBe('TEXT NOT NULL');
    expect(find(s, 'column', 'users.mood')).toBe("TEXT DEFAULT 'ok'");
    expect(find(s, 'column', 'users.id')).toBe('INTEGER PRIMARY KEY(1)');
    expect(find(s, 'index', 'users.sqlite_autoindex_users_1')).toBe('UNIQUE ON users (email) from UNIQUE');
    expect(find(s, 'index', 'orders.orders_user')).toBe('ON orders (user_id) WHERE user_id IS NOT NULL');
    expect(find(s, 'foreign key', 'orders(user_id)')).toBe('REFERENCES users(id) ON UPDATE NO ACTION ON DELETE CASCADE');
    expect(find(s, 'view', 'big')).toBe('AS SELECT id FROM orders WHERE total > 100');
    expect(find(s, 'trigger', 'orders.orders_touch')).toBe('AFTER UPDATE ON orders BEGIN SELECT 1; END');
    expect(s.objects.filter((o) => o.name.startsWith('godwit_migrations'))).toEqual([]);
  });

  it('a file that does not exist inspects as empty and is not created', async () => {
    const d = createSqliteDriver({ path: file('none.db') });
    expect((await d.inspect!()).objects).toEqual([]);
    expect(existsSync(file('none.db'))).toBe(false);
    await d.close();
  });

  it('diff finds an added index and a changed column type between two files', async () => {
    exec(file(), 'CREATE TABLE t (id INTEGER, note TEXT)');
    exec(file('b.db'), 'CREATE TABLE t (id BIGINT, note TEXT)');
    exec(file('b.db'), 'CREATE INDEX t_note ON t (note)');
    const b = createSqliteDriver({ path: file('b.db') });
    expect(formatChanges(diffSnapshots(await driver.inspect!(), await b.inspect!()))).toBe(
      '~ column t.id: INTEGER -> BIGINT\n+ index t.t_note ON t (note)\n',
    );
    await b.close();
  });

  it('drift: the snapshot recorded after up, then a hand-made index', async () => {
    await folder.write({ 'm/00001_t.sql': '-- +goose Up\nCREATE TABLE t (id INTEGER, note TEXT);\n-- +goose Down\nDROP TABLE t;\n' });
    const m = createMigrator({ driver, dir: join(folder.dir, 'm'), schemaSnapshots: true });
    expect((await m.up()).ok).toBe(true);
    expect((await m.drift()).changes).toEqual([]);
    exec(file(), 'CREATE INDEX by_hand ON t (id)');
    expect(formatChanges((await m.drift()).changes)).toBe('+ index t.by_hand ON t (id)\n');
    // down records a new snapshot: the hand-made index went with the table
    expect((await m.down()).ok).toBe(true);
    expect((await m.drift()).changes).toEqual([]);
  });

  it('test: a faulty down is caught on a scratch file with the exact difference; the file is deleted', async () => {
    await folder.write({
      'm/00001_t.sql': '-- +goose Up\nCREATE TABLE t (id INTEGER);\n-- +goose Down\nDROP TABLE t;\n',
      'm/00002_idx.sql': '-- +goose Up\nCREATE INDEX t_id ON t (id);\nALTER TABLE t ADD COLUMN note TEXT;\n-- +goose Down\nALTER TABLE t DROP COLUMN note;\n',
    });
    const scratch = await driver.scratch!({});
    try {
      const report = await roundTrip(createMigrator({ driver: scratch.driver, dir: join(folder.dir, 'm') }), scratch.driver);
      expect(report.steps.map((s) => [s.version, s.status, s.stage])).toEqual([
        [1, 'ok', undefined],
        [2, 'failed', 'restore'],
      ]);
      expect(formatChanges(report.steps[1]!.changes!)).toBe('+ index t.t_id ON t (id)\n');
    } finally {
      await scratch.drop();
    }
    expect(existsSync(scratch.target.slice('sqlite:'.length))).toBe(false);
    // the database the scratch was made beside was never touched
    expect(existsSync(file())).toBe(false);
  });
});
