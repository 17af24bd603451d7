import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMigrator, type InlineMigration } from '@godwit/core';
import { createPostgresDriver } from '@godwit/driver-postgres';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { backupPlugin, type BackupOptions, createBackup, restoreBackup } from '../src/index.js';
import { describePostgres, query } from '@godwit/test-kit/postgres';
import { tempDir } from '@godwit/test-kit/temp';
import { toolEnv } from './support/project.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';
import { flipByte, PRIVATE, privacyOf, underUmask } from './support/modes.js';

underUmask(0o022);

const migrations: InlineMigration[] = [
  {
    version: 1,
    name: 'users',
    up: `CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL UNIQUE, joined date DEFAULT '2024-01-01');
         CREATE SCHEMA billing; CREATE TABLE billing.plans (code text PRIMARY KEY, cents bigint);
         INSERT INTO users (name) VALUES ('ada'), ('grace'); INSERT INTO billing.plans VALUES ('pro', 1200);`,
    down: 'DROP TABLE users; DROP SCHEMA billing CASCADE;',
  },
  {
    version: 2,
    name: 'orders',
    up: `CREATE TABLE orders (id serial PRIMARY KEY, user_id int REFERENCES users); INSERT INTO orders (user_id) VALUES (1);
         UPDATE users SET name = upper(name); ALTER TABLE billing.plans ADD COLUMN yearly boolean; CREATE SCHEMA extra;`,
    down: 'DROP TABLE orders; DROP SCHEMA extra;',
  },
];

/** Schema (columns and constraints of every user table) and every row, to compare databases. */
async function snapshot(url: string): Promise<unknown> {
  const columns = await query(
    url,
    `SELECT table_schema, table_name, column_name, data_type, column_default, is_nullable FROM information_schema.columns
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, ordinal_position`,
  );
  const constraints = await query(
    url,
    `SELECT n.nspname, c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const schemas = await query(url, "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1");
  const tables = await query<{ s: string; t: string }>(
    url,
    "SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
  );
  const rows: Record<string, unknown> = {};
  for (const { s, t } of tables) {
    const all = await query(url, `SELECT * FROM "${s}"."${t}" ORDER BY 1`);
    // history rows carry timestamps of when they ran; compare them as they are (same rows back),
    // but the row a restore adds to say it happened (checked on its own).
    rows[`${s}.${t}`] = all.filter((r) => r.direction !== 'restore');
  }
  return { schemas, columns, constraints, rows };
}

describePostgres('PostgreSQL backups', () => {
  let db: TestDatabase;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    db = await createTestDatabase('pg');
    ({ dir, remove: cleanup } = await tempDir('backup-pg'));
  });
  afterEach(async () => {
    await db.drop();
    await cleanup();
  });

  const options = (extra: Partial<BackupOptions> = {}): BackupOptions => ({
    dir: join(dir, 'backups'),
    toolEnv,
    ...extra,
  });
  const migrator = (upTo: number, extra?: Partial<BackupOptions>) =>
    createMigrator({
      driver: createPostgresDriver({ url: db.url }),
      migrations: migrations.slice(0, upTo),
      plugins: extra ? [backupPlugin(options(extra))] : [],
      appliedBy: 'test@box',
    });

  it('pg_dump -Fc before the run; pg_restore gives back the same schema and rows', async () => {
    const first = migrator(1);
    expect((await first.up()).ok).toBe(true);
    await first.close();
    const before = await snapshot(db.url);

    const m = migrator(2, {});
    const result = await m.up();
    const history = await m.history();
    await m.close();
    expect(result.ok).toBe(true);
    const file = result.meta?.backup as string;
    // The run's history row names the backup taken before it; the earlier run's row has none.
    expect(history.map((h) => [h.version, h.direction, h.success, h.note])).toEqual([
      [2, 'up', true, `backup: ${file}`],
      [1, 'up', true, null],
    ]);
    expect(file).toMatch(new RegExp(`/${db.name}-\\d{8}T\\d{6}\\.\\d{3}Z-v1\\.dump$`));
    expect(result.meta?.backupMethod).toBe('pg_dump -Fc');
    expect(await snapshot(db.url)).not.toEqual(before);

    const driver = createPostgresDriver({ url: db.url });
    try {
      await restoreBackup(driver, options(), file);
    } finally {
      await driver.close();
    }
    expect(await snapshot(db.url)).toEqual(before);
    const again = migrator(2);
    expect(await again.version()).toEqual({ version: 1, dirty: false });
    expect((await again.up()).after).toBe(2);
    await again.close();
  });

  it('restores into an empty database', async () => {
    const first = migrator(1);
    expect((await first.up()).ok).toBe(true);
    await first.close();
    const before = await snapshot(db.url);
    const empty = await createTestDatabase('empty');
    const source = createPostgresDriver({ url: db.url });
    const target = createPostgresDriver({ url: empty.url });
    try {
      const info = await createBackup(source, options(), 1);
      // Another database than the one the dump came from: refused unless meant.
      await expect(restoreBackup(target, options(), info.file)).rejects.toMatchObject({ code: 'ABORTED', hint: expect.stringContaining('--force-target') });
      expect(await restoreBackup(target, options(), info.file, { allowOtherTarget: true })).toMatchObject({
        method: 'pg_dump -Fc',
        dryRun: false,
        verified: expect.any(String),
        source: source.target,
        sourceVersion: 1,
      });
      expect(await snapshot(empty.url)).toEqual(before);
      const restores = await query<{ version: string; note: string }>(empty.url, "SELECT version, note FROM godwit_migrations_history WHERE direction = 'restore'");
      expect(restores).toEqual([{ version: '1', note: expect.stringContaining(`from ${source.target} at version 1`) }]);
    } finally {
      await source.close();
      await target.close();
      await empty.drop();
    }
  });

  it('pg_dump writes with the umask, yet the backup is private: folder 0700, file and metadata 0600', async () => {
    const driver = createPostgresDriver({ url: db.url });
    try {
      const info = await createBackup(driver, options(), 0);
      expect(await privacyOf(info.file)).toEqual(PRIVATE);
      expect(info.warnings).toEqual([]);
      expect((await readdir(join(dir, 'backups'))).length).toBe(2);
    } finally {
      await driver.close();
    }
  });

  it('a dump with one byte changed is refused before pg_restore runs, and the database is untouched', async () => {
    const first = migrator(1);
    expect((await first.up()).ok).toBe(true);
    await first.close();
    const driver = createPostgresDriver({ url: db.url });
    try {
      const info = await createBackup(driver, options(), 1);
      const second = migrator(2);
      expect((await second.up()).ok).toBe(true);
      await second.close();
      const before = await snapshot(db.url);
      await writeFile(info.file, flipByte(await readFile(info.file), 200));
      await expect(restoreBackup(driver, options(), info.file)).rejects.toMatchObject({
        code: 'BACKUP_FAILED',
        message: expect.stringMatching(new RegExp(`does not match its recorded checksum: recorded sha256 ${info.sha256}, file has sha256 [0-9a-f]{64}$`)),
      });
      expect(await snapshot(db.url)).toEqual(before);
      // The metadata names where the backup came from, password masked.
      const meta = JSON.parse(await readFile(`${info.file}.meta.json`, 'utf8'));
      expect(meta).toMatchObject({ driver: 'postgres', schemaVersion: 1, method: 'pg_dump -Fc', database: expect.stringContaining(db.name) });
      expect(JSON.stringify(meta)).not.toContain('S3cret-pw');
    } finally {
      await driver.close();
    }
  });

  it('without pg_dump on PATH the run stops before anything changes, and the password is not shown', async () => {
    const first = migrator(1);
    expect((await first.up()).ok).toBe(true);
    await first.close();
    const before = await snapshot(db.url);

    const m = migrator(2, { toolEnv: { PATH: join(dir, 'no-tools-here') } });
    const result = await m.up();
    await m.close();
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('BACKUP_FAILED');
    expect(result.error?.message).toBe('pg_dump was not found on PATH');
    expect(result.error?.hint).toMatch(/postgresql-client/);
    expect(JSON.stringify(result)).not.toContain('S3cret-pw');
    expect(result.results).toEqual([]);
    expect(await snapshot(db.url)).toEqual(before);
    expect(await readdir(join(dir, 'backups'))).toEqual([]);
  });
});

describePostgres('PostgreSQL tool versions', () => {
  it('refuses a pg_dump older than the server, before dumping', async () => {
    const { dir, remove: cleanup } = await tempDir('backup-pgold');
    try {
      // A stand-in that reports an old version: the check compares it with the real server.
      const { writeFile, chmod } = await import('node:fs/promises');
      await writeFile(join(dir, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n');
      await chmod(join(dir, 'pg_dump'), 0o755);
      const db = await createTestDatabase('old');
      const driver = createPostgresDriver({ url: db.url });
      try {
        const failed = createBackup(driver, { dir: join(dir, 'b'), toolEnv: { PATH: dir } }, 0);
        await expect(failed).rejects.toThrow(/^pg_dump 9 is older than the server \(PostgreSQL \d+\)$/);
        expect(await readdir(join(dir, 'b'))).toEqual([]);
      } finally {
        await driver.close();
        await db.drop();
      }
    } finally {
      await cleanup();
    }
  });
});
