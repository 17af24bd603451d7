/**
 * Batched backfills on a real SQLite file (issue 17): a 200,000-row UPDATE marked
 * `-- +godwit BATCH size=5000` commits 40 batches of 5,000 rows. SQLite locks the whole file while
 * a batch writes, so "at most 5,000 rows locked" means: a second connection, watching from the
 * event loop's turns between batches, only ever sees whole batches committed, and can write
 * itself while the backfill is under way (no transaction holds the file for the whole run).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMigrator, type GodwitEvent } from '@godwit/core';
import { waitFor } from '@godwit/test-kit/wait';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteDriver } from '../driver.js';

const ROWS = 200_000;
const SIZE = 5_000;

describe('batched backfills on SQLite', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'godwit-sqlite-batch-'));
    path = join(dir, 'app.db');
    const db = new Database(path);
    db.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, fullname TEXT NOT NULL, name TEXT);
      CREATE TABLE other (n INT);
      WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${ROWS}) INSERT INTO users SELECT i, 'user ' || i, NULL FROM s;`);
    db.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it(`updates ${ROWS} rows in batches of ${SIZE}, each committed on its own`, async () => {
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '000001_backfill.sql'), `-- +goose Up\n-- +godwit BATCH size=${SIZE}\nUPDATE users SET name = fullname WHERE name IS NULL;\n`);
    const events: GodwitEvent[] = [];
    const driver = createSqliteDriver({ path });
    const migrator = createMigrator({ driver, dir: migrations, appliedBy: 'test@host', onEvent: (e) => events.push(e) });
    const watcher = new Database(path);
    watcher.pragma('busy_timeout = 0'); // a write must get in at once between batches, not wait for the run
    const seen: number[] = [];
    const done = () => (watcher.prepare('SELECT count(*) AS n FROM users WHERE name IS NOT NULL').get() as { n: number }).n;
    try {
      const run = migrator.up();
      await waitFor('half the rows done, seen from a second connection', () => {
        const n = done();
        seen.push(n);
        return n >= ROWS / 2 && n < ROWS;
      }, { intervalMs: 1 });
      watcher.exec('INSERT INTO other VALUES (1)'); // the file is not held for the whole backfill
      const result = await run;
      expect(result.error?.message).toBeUndefined();
      seen.push(done());
    } finally {
      watcher.close();
      await driver.close();
    }
    expect(seen.every((n) => n % SIZE === 0)).toBe(true);
    expect(seen.at(-1)).toBe(ROWS);
    const finished = events.filter((e) => e.event === 'batch-progress').at(-1);
    expect(finished).toMatchObject({ rowsDone: ROWS, total: ROWS, batches: ROWS / SIZE, finished: true });
  });
});
