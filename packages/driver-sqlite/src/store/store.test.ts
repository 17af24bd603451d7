import { existsSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Driver, writeState } from '@godwit/core';
import { applyContext, inspect, tables, tempDir } from '../__fixtures__/steps.js';
import { createSqliteDriver } from '../driver.js';

let tmp: ReturnType<typeof tempDir>;
const drivers: Driver[] = [];
function driver(path: string, table?: string): Driver {
  const d = createSqliteDriver({ path, ...(table !== undefined && { table }) });
  drivers.push(d);
  return d;
}

beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.close();
  tmp.cleanup();
});

describe('reading a store that does not exist', () => {
  it('returns nothing and creates no file when the database file is missing', async () => {
    const path = tmp.path('missing.db');
    const d = driver(path);
    expect(await d.store.applied()).toEqual([]);
    expect(await d.store.history()).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });

  it('returns nothing and creates no table in an existing database without a store', async () => {
    const path = tmp.path();
    writeFileSync(path, '');
    const d = driver(path);
    expect(await d.store.applied()).toEqual([]);
    expect(await d.store.history({ limit: 5 })).toEqual([]);
    expect(tables(path)).toEqual([]);
  });
});

describe('ensure', () => {
  it('creates the version and history tables with the designed columns, and is idempotent', async () => {
    const path = tmp.path();
    const d = driver(path);
    await d.store.ensure();
    await d.store.ensure();
    expect(tables(path)).toEqual(['godwit_migrations', 'godwit_migrations_history']);
    const columns = (table: string) =>
      inspect(path, (db) => (db.prepare(`SELECT name, type, pk FROM pragma_table_info(?)`).all(table) as Array<{ name: string; type: string; pk: number }>));
    expect(columns('godwit_migrations')).toEqual([
      { name: 'version', type: 'INTEGER', pk: 1 },
      { name: 'name', type: 'TEXT', pk: 0 },
      { name: 'checksum', type: 'TEXT', pk: 0 },
      { name: 'applied_at', type: 'TEXT', pk: 0 },
      { name: 'execution_ms', type: 'INTEGER', pk: 0 },
      { name: 'applied_by', type: 'TEXT', pk: 0 },
      { name: 'dirty', type: 'INTEGER', pk: 0 },
      { name: 'statements_done', type: 'INTEGER', pk: 0 },
      { name: 'rows_done', type: 'INTEGER', pk: 0 },
    ]);
    expect(columns('godwit_migrations_history').map((c) => c.name)).toEqual([
      'id',
      'version',
      'name',
      'direction',
      'started_at',
      'finished_at',
      'execution_ms',
      'success',
      'error',
      'applied_by',
      'tool_version',
      'note',
    ]);
  });

  it('adds the note column to a history table created before it, keeping its rows', async () => {
    const path = tmp.path();
    const old = new Database(path);
    old.exec(`CREATE TABLE godwit_migrations_history (
      id INTEGER PRIMARY KEY, version INTEGER NOT NULL, name TEXT NOT NULL, direction TEXT NOT NULL,
      started_at TEXT NOT NULL, finished_at TEXT, execution_ms INTEGER,
      success INTEGER NOT NULL DEFAULT 0 CHECK (success IN (0, 1)), error TEXT,
      applied_by TEXT NOT NULL, tool_version TEXT NOT NULL);
    INSERT INTO godwit_migrations_history (version, name, direction, started_at, finished_at, execution_ms, success, applied_by, tool_version)
      VALUES (1, 'one', 'up', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 3, 1, 'old@host', 'godwit/0.0.1');`);
    old.close();
    const d = driver(path);
    // A read does not alter the store, and reads the old rows with no note.
    expect((await d.store.history()).map((h) => [h.version, h.note])).toEqual([[1, null]]);
    await writeState(d, 
      { remove: [], upsert: [{ version: 2, name: 'two', checksum: 'c2' }], history: [{ version: 2, name: 'two', direction: 'force' }] },
      applyContext({ note: 'backup: /tmp/b.db' }),
    );
    expect((await d.store.history()).map((h) => [h.version, h.direction, h.note])).toEqual([
      [2, 'force', 'backup: /tmp/b.db'],
      [1, 'up', null],
    ]);
  });

  it('uses the table option for all of its tables', async () => {
    const path = tmp.path();
    const d = driver(path, 'schema_versions');
    await d.store.ensure();
    await d.locker.lock({ timeoutMs: 1000 });
    await d.locker.unlock();
    expect(tables(path)).toEqual(['schema_versions', 'schema_versions_history', 'schema_versions_lock']);
  });

  it('works on an in-memory database', async () => {
    const d = driver(':memory:');
    await d.store.ensure();
    await writeState(d, { remove: [], upsert: [{ version: 1, name: 'a', checksum: 'c' }], history: [] }, applyContext());
    expect((await d.store.applied()).map((r) => r.version)).toEqual([1]);
  });
});

describe('table name validation', () => {
  it.each(['1abc', 'my-table', 'a b', 'x"; DROP TABLE y; --', '', 'sqlite_versions'])('rejects %j as a USAGE error', (table) => {
    expect(() => createSqliteDriver({ path: tmp.path(), table })).toThrowError(expect.objectContaining({ code: 'USAGE' }));
  });
});

describe('writeState round trips', () => {
  it('records, replaces and removes versions, with history newest first', async () => {
    const path = tmp.path();
    const d = driver(path);
    const ctx = applyContext();
    await writeState(d, 
      {
        remove: [],
        upsert: [
          { version: 1, name: 'one', checksum: 'c1' },
          { version: 20250101120000, name: 'stamp', checksum: 'c2' },
          { version: Number.MAX_SAFE_INTEGER, name: 'max', checksum: 'c3' },
        ],
        history: [{ version: Number.MAX_SAFE_INTEGER, name: 'max', direction: 'force' }],
      },
      ctx,
    );
    const applied = await d.store.applied();
    expect(applied.map((r) => [r.version, r.name, r.checksum, r.dirty, r.appliedBy, r.executionMs])).toEqual([
      [1, 'one', 'c1', false, 'tester@test-host', 0],
      [20250101120000, 'stamp', 'c2', false, 'tester@test-host', 0],
      [Number.MAX_SAFE_INTEGER, 'max', 'c3', false, 'tester@test-host', 0],
    ]);
    expect(applied[0]?.appliedAt).toBeInstanceOf(Date);
    expect(Math.abs(Date.now() - applied[0]!.appliedAt.getTime())).toBeLessThan(60_000);
    // stored as ISO 8601 UTC text
    const raw = inspect(path, (db) => db.prepare('SELECT applied_at FROM godwit_migrations WHERE version = 1').get()) as { applied_at: string };
    expect(raw.applied_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    await writeState(d, 
      {
        remove: [20250101120000],
        upsert: [{ version: 1, name: 'one', checksum: 'c1-new' }],
        history: [{ version: 1, name: 'one', direction: 'skip' }],
      },
      ctx,
    );
    expect((await d.store.applied()).map((r) => [r.version, r.checksum])).toEqual([
      [1, 'c1-new'],
      [Number.MAX_SAFE_INTEGER, 'c3'],
    ]);
    const history = await d.store.history();
    expect(history.map((h) => [h.version, h.direction, h.success, h.toolVersion, h.note])).toEqual([
      [1, 'skip', true, 'godwit/test', null],
      [Number.MAX_SAFE_INTEGER, 'force', true, 'godwit/test', null],
    ]);
    expect(history[0]?.finishedAt).toBeInstanceOf(Date);
    expect(await d.store.history({ limit: 1 })).toHaveLength(1);
  });

  it('writes nothing when any part of the change fails', async () => {
    const path = tmp.path();
    const d = driver(path);
    const ctx = applyContext();
    await writeState(d, { remove: [], upsert: [{ version: 1, name: 'one', checksum: 'c1' }], history: [] }, ctx);
    const bad = { version: 3, name: null as unknown as string, checksum: 'c3' }; // NOT NULL violation
    await expect(
      writeState(d, { remove: [1], upsert: [{ version: 2, name: 'two', checksum: 'c2' }, bad], history: [{ version: 2, name: 'two', direction: 'force' }] }, ctx),
    ).rejects.toMatchObject({ code: 'STORE_ERROR' });
    expect((await d.store.applied()).map((r) => r.version)).toEqual([1]);
    expect(await d.store.history()).toEqual([]);
  });
});
