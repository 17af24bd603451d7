/**
 * The app-startup example migrates before it listens and reports the migration state on
 * /health: against a temp SQLite file and a temp migrations folder, and against real
 * PostgreSQL with the sample postgres-user folder.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMigrator } from '@godwit/core';
import { createSqliteDriver } from '@godwit/driver-sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, describePostgres, type TestDatabase } from '@godwit/test-kit/postgres';
import { MIGRATIONS_ROOT } from './support/sample.js';
import { type FailedStart, health, isRunning, type RunningService, startApp } from './support/service.js';

function started(s: RunningService | FailedStart): RunningService {
  if (!isRunning(s)) throw new Error(`app-startup exited ${s.code}: ${s.stderr}`);
  return s;
}

describe('app-startup on SQLite', () => {
  let dir: string;
  let migrations: string;
  let databaseUrl: string;
  let service: RunningService | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'godwit-app-'));
    migrations = join(dir, 'migrations');
    databaseUrl = `sqlite:${join(dir, 'app.db')}`;
    await mkdirWith(migrations, {
      '000001_create_notes.sql': '-- +goose Up\nCREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\n-- +goose Down\nDROP TABLE notes;\n',
      '000002_add_created_at.up.sql': "ALTER TABLE notes ADD COLUMN created_at TEXT NOT NULL DEFAULT '';\n",
      '000002_add_created_at.down.sql': 'ALTER TABLE notes DROP COLUMN created_at;\n',
    });
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const versionOnDisk = async () => {
    const migrator = createMigrator({ driver: createSqliteDriver({ path: join(dir, 'app.db') }), dir: migrations });
    try {
      return await migrator.version();
    } finally {
      await migrator.close();
    }
  };

  it('applies pending migrations before it listens, and /health follows the folder', { timeout: 240_000 }, async () => {
    expect(await versionOnDisk()).toEqual({ version: 0, dirty: false });

    service = started(await startApp({ DATABASE_URL: databaseUrl, MIGRATIONS_DIR: migrations }));
    expect(service.stderr()).toContain('version 0 -> 2 (2 applied');
    expect(await health(service.url)).toEqual({
      status: 200,
      body: { status: 'ok', migrations: { version: 2, pending: 0, dirty: false, ready: true } },
    });

    // a new migration shipped without a restart: the service says it is behind
    await writeFile(join(migrations, '000003_index_notes.sql'), '-- +goose Up\nCREATE INDEX notes_created_at ON notes (created_at);\n-- +goose Down\nDROP INDEX notes_created_at;\n');
    expect(await health(service.url)).toEqual({
      status: 503,
      body: { status: 'migrations-not-current', migrations: { version: 2, pending: 1, dirty: false, ready: false } },
    });
    expect(await service.stop()).toBe(0);

    // the next start applies it
    service = started(await startApp({ DATABASE_URL: databaseUrl, MIGRATIONS_DIR: migrations }));
    expect(service.stderr()).toContain('version 2 -> 3 (1 applied');
    expect((await health(service.url)).body.migrations).toEqual({ version: 3, pending: 0, dirty: false, ready: true });
    expect(await versionOnDisk()).toEqual({ version: 3, dirty: false });

    // an applied migration edited after the fact: the schema is not what the files say
    await writeFile(join(migrations, '000001_create_notes.sql'), '-- +goose Up\nCREATE TABLE notes (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE notes;\n');
    expect(await health(service.url)).toEqual({
      status: 503,
      body: { status: 'migrations-not-current', migrations: { version: 3, pending: 0, dirty: false, ready: false } },
    });
  });

  it('refuses to start, and never listens, when a migration fails', { timeout: 120_000 }, async () => {
    await writeFile(join(migrations, '000003_broken.sql'), '-- +goose Up\nCREATE TABLE notes (id INTEGER);\n-- +goose Down\nDROP TABLE notes;\n');
    const result = await startApp({ DATABASE_URL: databaseUrl, MIGRATIONS_DIR: migrations });
    expect(isRunning(result)).toBe(false);
    const failed = result as FailedStart;
    expect(failed.code).toBe(1);
    expect(failed.stdout).not.toContain('listening');
    expect(failed.stderr).toMatch(/cannot start: .*000003_broken\.sql:2:\d+: .*already exists/);
    // the migrations before the broken one stay applied; the broken one left no trace
    expect(await versionOnDisk()).toEqual({ version: 2, dirty: false });
  });
});

describePostgres('app-startup on PostgreSQL', () => {
  let db: TestDatabase;
  let service: RunningService | undefined;
  beforeEach(async () => {
    db = await createTestDatabase('app_startup');
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    await db?.drop();
  });

  it('migrates the sample postgres-user database at start-up and reports it on /health', { timeout: 120_000 }, async () => {
    service = started(await startApp({ DATABASE_URL: db.url, MIGRATIONS_DIR: join(MIGRATIONS_ROOT, 'postgres-user') }));
    expect(service.stderr()).toContain('version 0 -> 3 (3 applied');
    expect(await health(service.url)).toEqual({
      status: 200,
      body: { status: 'ok', migrations: { version: 3, pending: 0, dirty: false, ready: true } },
    });
    expect(await db.tableExists('sessions')).toBe(true);
  });
});

async function mkdirWith(folder: string, files: Record<string, string>): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
}
