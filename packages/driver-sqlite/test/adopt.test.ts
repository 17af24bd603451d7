/**
 * Adopting goose's and golang-migrate's version tables in a real SQLite file: each table is built
 * with the DDL and the inserts the peer itself sends (goose v3 internal/dialects/sqlite3.go;
 * golang-migrate v4 database/sqlite3: DELETE then INSERT, booleans as Go's drivers store them,
 * 1 and 0), then adopted, and `up` applies exactly what the peer had not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createMigrator, type GodwitEvent, type Migrator } from '@godwit/core';
import { perTest } from '@godwit/test-kit/per-test';
import { openSqlite, querySqlite } from '@godwit/test-kit/sqlite';
import { tempDir } from '@godwit/test-kit/temp';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteDriver } from '../src/index.js';

const goose = (n: number) => ({ [`migrations/0000${n}_t${n}.sql`]: `-- +goose Up\nCREATE TABLE t${n} (id INTEGER);\n-- +goose Down\nDROP TABLE t${n};\n` });
const pair = (n: number) => ({ [`migrations/0000${n}_t${n}.up.sql`]: `CREATE TABLE t${n} (id INTEGER);\n`, [`migrations/0000${n}_t${n}.down.sql`]: `DROP TABLE t${n};\n` });

describe('adopting goose and golang-migrate on SQLite', () => {
  const folder = perTest(() => tempDir('sqlite-adopt'), (f) => f.remove());
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  const file = () => folder.path('app.db');
  function migrator(events: GodwitEvent[] = []): Migrator {
    const m = createMigrator({ driver: createSqliteDriver({ path: file() }), dir: folder.path('migrations'), appliedBy: 'test@host', onEvent: (e) => events.push(e) });
    closers.push(() => m.close());
    return m;
  }
  /** SQL run the way the peer's Go program runs it, on its own connection. */
  function peer(sql: string, ...params: unknown[]): void {
    const db = openSqlite(file(), { write: true });
    try {
      if (params.length) db.prepare(sql).run(...params);
      else db.exec(sql);
    } finally {
      db.close();
    }
  }
  const gooseTable = () => {
    peer(`CREATE TABLE goose_db_version (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      version_id INTEGER NOT NULL,
      is_applied INTEGER NOT NULL,
      tstamp TIMESTAMP DEFAULT (datetime('now'))
    )`);
    peer('INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)', 0, 1);
  };
  const gooseUp = (n: number) => {
    peer(`CREATE TABLE t${n} (id INTEGER)`);
    peer('INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)', n, 1);
  };
  const migrateAt = (version: number, dirty: boolean) => {
    peer('CREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool); CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations (version);');
    peer('DELETE FROM schema_migrations');
    peer('INSERT INTO schema_migrations (version, dirty) VALUES (?, ?)', version, dirty ? 1 : 0);
  };
  const tables = () => querySqlite<{ name: string }>(file(), "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((r) => r.name);

  it('goose: every applied version is recorded (a .go one too); up applies the rest; goose_db_version is untouched', async () => {
    await folder.write({ ...goose(1), 'migrations/00002_seed.go': 'package migrations\n', ...goose(3) });
    gooseTable();
    gooseUp(1);
    peer('INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)', 2, 1);
    const before = querySqlite(file(), 'SELECT * FROM goose_db_version ORDER BY id');

    const m = migrator();
    expect(await m.adopt()).toMatchObject({ from: 'goose', recorded: [1, 2], missing: [] });
    expect(querySqlite(file(), 'SELECT version, applied_by, dirty FROM godwit_migrations ORDER BY version')).toEqual([
      { version: 1, applied_by: 'adopted from goose', dirty: 0 },
      { version: 2, applied_by: 'adopted from goose', dirty: 0 },
    ]);
    expect(querySqlite(file(), 'SELECT * FROM goose_db_version ORDER BY id')).toEqual(before);
    const up = await m.up();
    expect(up.error).toBeUndefined();
    expect(up.results.map((r) => r.version)).toEqual([3]);
  });

  it('goose with a newer down (the row deleted) and a custom table name', async () => {
    await folder.write({ ...goose(1), ...goose(2) });
    peer('CREATE TABLE my_versions (id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL, is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT (datetime(\'now\')))');
    peer('INSERT INTO my_versions (version_id, is_applied) VALUES (?, ?)', 0, 1);
    peer('INSERT INTO my_versions (version_id, is_applied) VALUES (?, ?)', 1, 1);
    peer('INSERT INTO my_versions (version_id, is_applied) VALUES (?, ?)', 2, 1);
    peer('DELETE FROM my_versions WHERE version_id=?', 2);
    peer('CREATE TABLE t1 (id INTEGER)');
    const m = migrator();
    expect(await m.adopt({ from: 'goose', fromTable: 'my_versions' })).toMatchObject({ table: 'my_versions', recorded: [1] });
    expect((await m.up()).results.map((r) => r.version)).toEqual([2]);
  });

  it('golang-migrate: the first up adopts on its own and applies only the rest', async () => {
    await folder.write({ ...pair(1), ...pair(2), ...pair(3) });
    peer('CREATE TABLE t1 (id INTEGER); CREATE TABLE t2 (id INTEGER)');
    migrateAt(2, false);
    const events: GodwitEvent[] = [];
    const up = await migrator(events).up();
    expect(up.error).toBeUndefined();
    expect(up.results.map((r) => r.version)).toEqual([3]);
    expect(events.find((e) => e.event === 'adopted')).toMatchObject({ from: 'golang-migrate', versions: 2, recorded: true, auto: true });
    expect(querySqlite(file(), 'SELECT version, dirty FROM schema_migrations')).toEqual([{ version: 2, dirty: 0 }]);
  });

  it('golang-migrate dirty: refused with the recovery advice; nothing written', async () => {
    await folder.write({ ...pair(1), ...pair(2) });
    migrateAt(1, true);
    const m = migrator();
    await expect(m.adopt()).rejects.toMatchObject({ code: 'DIRTY', hint: expect.stringContaining('`godwit force 1`') });
    expect((await m.up()).error?.code).toBe('DIRTY');
    expect(tables()).toEqual(['schema_migrations']);
  });

  it('--dry-run changes nothing: no store, the file byte-identical; status shows what would be adopted', async () => {
    await folder.write({ ...goose(1), ...goose(2) });
    gooseTable();
    gooseUp(1);
    const bytes = readFileSync(file());
    const m = migrator();
    expect(await m.adopt({ dryRun: true })).toMatchObject({ dryRun: true, recorded: [1] });
    expect((await m.up({ dryRun: true })).results.map((r) => [r.version, r.status])).toEqual([[2, 'planned']]);
    const status = await m.status();
    expect(status.adoption).toEqual({ from: 'goose', table: 'goose_db_version', versions: [1], missing: [] });
    expect(status.migrations.map((s) => s.state)).toEqual(['applied', 'pending']);
    expect(readFileSync(file())).toEqual(bytes);
    expect(tables()).not.toContain('godwit_migrations');
  });

  it('a missing database file is not created by looking for peers', async () => {
    await folder.write(goose(1));
    const m = migrator();
    await expect(m.adopt()).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('nothing to adopt') });
    expect((await m.status()).adoption).toBeUndefined();
    expect(existsSync(file())).toBe(false);
  });
});
