import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMigrator, type Driver, type InlineMigration } from '@godwit/core';
import { createSqliteDriver } from '@godwit/driver-sqlite';
import { openSqlite } from '@godwit/test-kit/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  backupPlugin,
  createBackup,
  listBackups,
  metadataPath,
  pruneBackups,
  readMetadata,
  restoreBackup,
  verifyBackups,
  type BackupOptions,
} from '../src/index.js';
import { tempDir } from '@godwit/test-kit/temp';
import { flipByte, modeOf, PRIVATE, privacyOf, underUmask } from './support/modes.js';

underUmask(0o022);

const migrations: InlineMigration[] = [
  { version: 1, name: 'users', up: "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO users (name) VALUES ('ada'), ('grace');", down: 'DROP TABLE users;' },
  { version: 2, name: 'orders', up: "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER); CREATE INDEX orders_user ON orders (user_id); INSERT INTO orders (user_id) VALUES (1);", down: 'DROP TABLE orders;' },
  { version: 3, name: 'rename', up: "UPDATE users SET name = upper(name); ALTER TABLE users ADD COLUMN email TEXT;", down: 'ALTER TABLE users DROP COLUMN email;' },
];

/** The history rows restores added. */
function restoredRows(path: string): Array<{ version: number; note: string }> {
  const db = openSqlite(path);
  try {
    return db.prepare("SELECT version, note FROM godwit_migrations_history WHERE direction = 'restore' ORDER BY id").all() as Array<{ version: number; note: string }>;
  } finally {
    db.close();
  }
}

/**
 * Everything that makes up the database: schema and every row of every table, but the history
 * rows a restore adds (restoring is recorded in the restored history; see restoredRows).
 */
function snapshot(path: string): unknown {
  const db = openSqlite(path);
  try {
    const schema = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as Array<{ type: string; name: string }>;
    const rows = Object.fromEntries(
      schema
        .filter((s) => s.type === 'table')
        .map((t) => [
          t.name,
          (db.prepare(`SELECT * FROM "${t.name}" ORDER BY 1`).all() as Array<Record<string, unknown>>).filter((r) => r.direction !== 'restore'),
        ]),
    );
    return { schema, rows };
  } finally {
    db.close();
  }
}

describe('SQLite backups', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let dbPath: string;
  let drivers: Driver[];
  beforeEach(async () => {
    ({ dir, remove: cleanup } = await tempDir('backup-sqlite'));
    dbPath = join(dir, 'app.db');
    drivers = [];
  });
  afterEach(async () => {
    for (const d of drivers) await d.close();
    await cleanup();
  });

  /** A driver for the backup functions outside a run (the plugin uses the run's own). */
  const driver = (): Driver => {
    const d = createSqliteDriver({ path: dbPath });
    drivers.push(d);
    return d;
  };
  const migrator = (opts: BackupOptions | undefined, upTo = migrations.length) =>
    createMigrator({
      driver: createSqliteDriver({ path: dbPath }),
      migrations: migrations.slice(0, upTo),
      plugins: opts ? [backupPlugin(opts)] : [],
      appliedBy: 'test@box',
    });

  async function atVersionOne(): Promise<void> {
    const m = migrator(undefined, 1);
    expect((await m.up()).ok).toBe(true);
    await m.close();
  }

  for (const gzip of [false, true]) {
    it(`backs up before the run, and restoring gives back the same schema and rows${gzip ? ' (gzip)' : ''}`, async () => {
      await atVersionOne();
      const before = snapshot(dbPath);
      const m = migrator({ dir: join(dir, 'backups'), gzip });
      const result = await m.up();
      const history = await m.history();
      await m.close();
      expect(result.ok).toBe(true);
      const file = result.meta?.backup as string;
      // Each history row of this run names the backup taken before it; the earlier run's row has none.
      expect(history.map((h) => [h.version, h.direction, h.success, h.note])).toEqual([
        [3, 'up', true, `backup: ${file}`],
        [2, 'up', true, `backup: ${file}`],
        [1, 'up', true, null],
      ]);
      expect(file).toMatch(new RegExp(`/backups/app-\\d{8}T\\d{6}\\.\\d{3}Z-v1\\.db${gzip ? '\\.gz' : ''}$`));
      expect(result.meta?.backupMethod).toBe('sqlite backup API');
      expect(snapshot(dbPath)).not.toEqual(before);

      await restoreBackup(driver(), {}, file);
      expect(snapshot(dbPath)).toEqual(before);
      // The restore is in the restored history: what, from where, at which version.
      expect(restoredRows(dbPath)).toEqual([{ version: 1, note: expect.stringMatching(new RegExp(`^restored ${file} \\(made .* from sqlite:.*app\\.db at version 1\\)$`)) }]);
      // The restored database is usable by the driver again: not locked, at version 1.
      const again = migrator(undefined);
      expect(await again.version()).toEqual({ version: 1, dirty: false });
      expect((await again.up()).after).toBe(3);
      await again.close();
    });
  }

  it('takes no backup for a run with nothing to do, nor for a dry run', async () => {
    await atVersionOne();
    const backups = join(dir, 'backups');
    const dry = migrator({ dir: backups });
    expect((await dry.up({ dryRun: true })).ok).toBe(true);
    await dry.close();
    const none = migrator({ dir: backups }, 1);
    const result = await none.up();
    await none.close();
    expect(result.ok).toBe(true);
    expect(result.meta?.backup).toBeUndefined();
    expect(await readdir(dir)).not.toContain('backups');
  });

  it('a backup that cannot be written stops the run with nothing changed', async () => {
    await atVersionOne();
    const before = snapshot(dbPath);
    // A folder under a regular file cannot exist, even for root.
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, '');
    const m = migrator({ dir: join(blocker, 'backups') });
    const result = await m.up();
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('BACKUP_FAILED');
    expect(result.error?.message).toContain('not-a-folder');
    expect(result.results).toEqual([]);
    expect(await m.version()).toEqual({ version: 1, dirty: false });
    await m.close();
    expect(snapshot(dbPath)).toEqual(before);
  });

  it('keeps the newest `keep` backups after each run', async () => {
    const backups = join(dir, 'backups');
    for (let v = 1; v <= 3; v++) {
      const m = migrator({ dir: backups, keep: 2 }, v);
      expect((await m.up()).ok).toBe(true);
      await m.close();
    }
    const left = await listBackups(driver(), { dir: backups });
    expect(left.map((b) => b.version)).toEqual([2, 1]);
  });

  it('prune applies count and age to this database only and leaves other files alone', async () => {
    const backups = join(dir, 'backups');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(backups);
    const now = new Date('2026-11-21T12:00:00.000Z');
    const at = (days: number, id = 'app') =>
      `${id}-${new Date(now.getTime() - days * 86_400_000).toISOString().replace(/[-:]/g, '')}-v${100 - days}.db`;
    const names = [at(0), at(1), at(2), at(20), at(30), at(30, 'other'), 'README.txt'];
    for (const n of names) await writeFile(join(backups, n), 'x');
    const opts: BackupOptions = { dir: backups, keep: 3, maxAgeDays: 1.5 };
    await writeFile(join(backups, `${at(20)}.meta.json`), '{}');
    const removed = await pruneBackups(driver(), opts, now);
    expect(removed.map((f) => f.slice(backups.length + 1)).sort()).toEqual([at(2), at(20), at(30)].sort());
    expect((await readdir(backups)).sort()).toEqual([at(0), at(1), at(30, 'other'), 'README.txt'].sort());
  });

  it('restores into another database (a file that does not exist yet) only when told the target is meant', async () => {
    await atVersionOne();
    const before = snapshot(dbPath);
    const info = await createBackup(driver(), { dir: join(dir, 'backups'), gzip: true }, 1);
    const fresh = createSqliteDriver({ path: join(dir, 'fresh.db') });
    try {
      await expect(restoreBackup(fresh, {}, info.file)).rejects.toMatchObject({
        code: 'ABORTED',
        message: expect.stringMatching(/was made from sqlite:.*app\.db, not sqlite:.*fresh\.db/),
        hint: expect.stringContaining('--force-target'),
      });
      expect(existsSync(join(dir, 'fresh.db'))).toBe(false);
      expect(await restoreBackup(fresh, {}, info.file, { allowOtherTarget: true })).toMatchObject({
        method: 'sqlite backup API',
        dryRun: false,
        verified: expect.any(String),
        source: expect.stringMatching(/app\.db$/),
        sourceVersion: 1,
      });
    } finally {
      await fresh.close();
    }
    expect(snapshot(join(dir, 'fresh.db'))).toEqual(before);
  });

  it('dry runs touch nothing: restore only verifies, prune only lists', async () => {
    await atVersionOne();
    const backups = join(dir, 'backups');
    const first = await createBackup(driver(), { dir: backups }, 1, new Date('2026-01-01T00:00:00Z'));
    await createBackup(driver(), { dir: backups }, 1, new Date('2026-01-02T00:00:00Z'));
    const fresh = createSqliteDriver({ path: join(dir, 'fresh.db') });
    try {
      expect(await restoreBackup(fresh, {}, first.file, { dryRun: true, allowOtherTarget: true })).toMatchObject({ dryRun: true, verified: expect.any(String) });
    } finally {
      await fresh.close();
    }
    expect(existsSync(join(dir, 'fresh.db'))).toBe(false);
    const listed = (await readdir(backups)).sort();
    expect(await pruneBackups(driver(), { dir: backups, keep: 1 }, new Date(), { dryRun: true })).toEqual([first.file]);
    expect((await readdir(backups)).sort()).toEqual(listed);
  });

  it('refuses to restore a file of another database kind', async () => {
    await expect(restoreBackup(driver(), {}, 'x-20261121T000000.000Z-v1.dump')).rejects.toThrow(
      /not a sqlite backup/,
    );
  });

  for (const gzip of [false, true]) {
    it(`a backup is private under umask 0022: folder 0700, file and metadata 0600, nothing left behind${gzip ? ' (gzip)' : ''}`, async () => {
      await atVersionOne();
      const backups = join(dir, 'deep', 'backups');
      const info = await createBackup(driver(), { dir: backups, gzip }, 1);
      expect(await privacyOf(info.file)).toEqual(PRIVATE);
      expect(await modeOf(join(dir, 'deep'))).toBe('700');
      expect(info.warnings).toEqual([]);
      expect((await readdir(backups)).sort()).toEqual([info.file, metadataPath(info.file)].map((f) => f.slice(backups.length + 1)).sort());
      const meta = await readMetadata(info.file);
      expect(meta).toMatchObject({
        file: info.file.slice(backups.length + 1),
        sha256: info.sha256,
        bytes: info.bytes,
        driver: 'sqlite',
        database: `sqlite:${dbPath}`,
        databaseId: 'app',
        schemaVersion: 1,
        method: 'sqlite backup API',
        godwitVersion: expect.stringMatching(/^godwit\//),
      });
    });
  }

  it('an existing backup folder open to other users gets a warning (its mode is left alone)', async () => {
    await atVersionOne();
    const backups = join(dir, 'shared');
    await mkdir(backups);
    await chmod(backups, 0o755);
    const info = await createBackup(driver(), { dir: backups }, 1);
    expect(info.warnings).toEqual([`the backup folder ${backups} is open to other users (mode 755), and backups are full copies of the database: chmod 700 ${backups}`]);
    expect(await modeOf(backups)).toBe('755');
    expect(await modeOf(info.file)).toBe('600');
  });

  for (const gzip of [false, true]) {
    it(`a backup with one byte changed is refused, naming both hashes, and the database is untouched${gzip ? ' (gzip)' : ''}`, async () => {
      await atVersionOne();
      const backups = join(dir, 'backups');
      const info = await createBackup(driver(), { dir: backups, gzip }, 1);
      const m = migrator(undefined);
      expect((await m.up()).ok).toBe(true);
      await m.close();
      const before = snapshot(dbPath);
      const original = await readFile(info.file);
      await writeFile(info.file, flipByte(original, Math.floor(original.length / 2)));
      const { createHash } = await import('node:crypto');
      const altered = createHash('sha256').update(await readFile(info.file)).digest('hex');
      const refused = restoreBackup(driver(), {}, info.file);
      await expect(refused).rejects.toMatchObject({
        code: 'BACKUP_FAILED',
        message: `backup ${info.file} does not match its recorded checksum: recorded sha256 ${info.sha256}, file has sha256 ${altered}`,
      });
      expect(snapshot(dbPath)).toEqual(before);
      // A cut file: the sizes are named too.
      await writeFile(info.file, original.subarray(0, 100));
      await expect(restoreBackup(driver(), {}, info.file)).rejects.toThrow(/\(100 bytes, recorded \d+\)$/);
      expect(snapshot(dbPath)).toEqual(before);
    });
  }

  it('a backup without metadata (made before checksums) needs allowUnverified; a dry run reports it', async () => {
    await atVersionOne();
    const before = snapshot(dbPath);
    const info = await createBackup(driver(), { dir: join(dir, 'backups') }, 1);
    await rm(metadataPath(info.file));
    const m = migrator(undefined);
    expect((await m.up()).ok).toBe(true);
    await m.close();
    const after = snapshot(dbPath);
    await expect(restoreBackup(driver(), {}, info.file)).rejects.toMatchObject({
      code: 'ABORTED',
      message: expect.stringMatching(/is unverified \(made before checksums: no .*\.db\.meta\.json beside it\)$/),
    });
    expect(snapshot(dbPath)).toEqual(after);
    expect(await restoreBackup(driver(), {}, info.file, { dryRun: true })).toMatchObject({ checksum: 'unverified', dryRun: true });
    expect(await restoreBackup(driver(), {}, info.file, { allowUnverified: true })).toMatchObject({ checksum: 'unverified', sha256: info.sha256 });
    expect(snapshot(dbPath)).toEqual(before);
  });

  it('verifyBackups checks every backup: ok, mismatch and unverified', async () => {
    await atVersionOne();
    const backups = join(dir, 'backups');
    const dates = ['2026-01-01', '2026-01-02', '2026-01-03'].map((d) => new Date(`${d}T00:00:00Z`));
    const [good, bad, old] = [
      await createBackup(driver(), { dir: backups }, 1, dates[2]),
      await createBackup(driver(), { dir: backups }, 1, dates[1]),
      await createBackup(driver(), { dir: backups }, 1, dates[0]),
    ];
    await writeFile(bad!.file, flipByte(await readFile(bad!.file), 0));
    await rm(metadataPath(old!.file));
    const checked = await verifyBackups(driver(), { dir: backups });
    expect(checked.map((b) => [b.file, b.check.state])).toEqual([
      [good!.file, 'ok'],
      [bad!.file, 'mismatch'],
      [old!.file, 'unverified'],
    ]);
  });

  it('damaged metadata stops a restore with the file named', async () => {
    await atVersionOne();
    const info = await createBackup(driver(), { dir: join(dir, 'backups') }, 1);
    await writeFile(metadataPath(info.file), '{"format": "godwit-backup"');
    await expect(restoreBackup(driver(), {}, info.file)).rejects.toMatchObject({
      code: 'BACKUP_FAILED',
      file: metadataPath(info.file),
      message: expect.stringMatching(/^backup metadata .* is damaged: not JSON/),
    });
  });
});
