import { join } from 'node:path';
import { createMigrator, type Driver, type InlineMigration } from '@godwit/core';
import { createMongoDriver } from '@godwit/driver-mongodb';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { Decimal128, Long, ObjectId } from 'bson';
import { describeMongo, freshDatabase, isRealMongo } from '@godwit/test-kit/mongodb';
import { perTest } from '@godwit/test-kit/per-test';
import { tempDir } from '@godwit/test-kit/temp';
import { expect, it } from 'vitest';
import { backupPlugin, type BackupOptions, createBackup, restoreBackup } from '../src/index.js';
import { toolEnv } from './support/project.js';
import { flipByte, PRIVATE, privacyOf, underUmask } from './support/modes.js';

underUmask(0o022);


const migrations: InlineMigration[] = [
  {
    version: 1,
    name: 'users',
    up: [
      { create: 'users' },
      { createIndexes: 'users', indexes: [{ key: { email: 1 }, name: 'email_unique', unique: true }] },
      {
        insert: 'users',
        documents: [
          { _id: 1, email: 'ada@example.org', joined: new Date('2024-01-02T03:04:05.678Z'), visits: Long.fromString('9007199254740993') },
          { _id: 2, email: 'grace@example.org', tags: ['a', 'b'], nested: { deep: { x: 1.5 } } },
        ],
      },
    ],
    down: [{ drop: 'users' }],
  },
  {
    version: 2,
    name: 'orders',
    up: [
      { create: 'orders' },
      { insert: 'orders', documents: [{ _id: 1, user: 1 }] },
      { dropIndexes: 'users', index: 'email_unique' },
      { update: 'users', updates: [{ q: {}, u: { $set: { email: 'changed' } }, multi: true }] },
    ],
    down: [{ drop: 'orders' }],
  },
];

describeMongo('MongoDB backups (Extended-JSON export)', () => {
  const database = perTest(() => freshDatabase('godwit_backup'), (d) => d.drop());
  const folder = perTest(() => tempDir('backup-mongo'), (f) => f.remove());

  const options = (extra: Partial<BackupOptions> = {}): BackupOptions => ({
    dir: folder.path('backups'),
    toolEnv,
    mongoMethod: 'json',
    ...extra,
  });
  const migrator = (upTo: number, extra?: Partial<BackupOptions>) =>
    createMigrator({
      driver: createMongoDriver({ url: database.url }),
      migrations: migrations.slice(0, upTo),
      plugins: extra ? [backupPlugin(options(extra))] : [],
      appliedBy: 'test@box',
    });
  /** A driver for the backup functions outside a run (the plugin uses the run's own). */
  const driver: Driver = perTest(async () => createMongoDriver({ url: database.url }), (d) => d.close());

  /** Collections, their indexes (name, key, unique) and every document with its exact BSON types. */
  async function snapshot(): Promise<unknown> {
    const db = database.db;
    const out: Record<string, unknown> = {};
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    for (const name of names) {
      const indexes = (await db.collection(name).indexes()).map((i) => ({ name: i.name, key: i.key, unique: i.unique ?? false }));
      // The history document a restore adds (restoring is recorded) is not part of what was backed up.
      const docs = await db
        .collection(name)
        .find({ direction: { $ne: 'restore' } }, { sort: { _id: 1 }, promoteLongs: false, promoteValues: false })
        .toArray();
      out[name] = { indexes: indexes.sort((a, b) => String(a.name).localeCompare(String(b.name))), docs };
    }
    return out;
  }

  for (const gzip of [false, true]) {
    it(`exports before the run; restoring gives back the same collections, indexes and documents${gzip ? ' (gzip)' : ''}`, async () => {
      const first = migrator(1);
      expect((await first.up()).error?.message).toBeUndefined();
      await first.close();
      // FerretDB v1 has no Decimal128; a real MongoDB (MONGO_URL) gets it too.
      const typed = { _id: new ObjectId(), l: Long.fromString('42'), at: new Date(0), ...(isRealMongo && { d: Decimal128.fromString('1.10') }) };
      await database.db.collection('types').insertOne(typed);
      const before = await snapshot();

      const m = migrator(2, { gzip });
      const result = await m.up();
      const history = await m.history();
      await m.close();
      expect(result.error?.message).toBeUndefined();
      const file = result.meta?.backup as string;
      // The run's history row names the backup taken before it; the earlier run's row has none.
      expect(history.map((h) => [h.version, h.direction, h.success, h.note])).toEqual([
        [2, 'up', true, `backup: ${file}`],
        [1, 'up', true, null],
      ]);
      expect(file).toMatch(new RegExp(`/${database.name}-\\d{8}T\\d{6}\\.\\d{3}Z-v1\\.ndjson${gzip ? '\\.gz' : ''}$`));
      expect(result.meta?.backupMethod).toBe('extended-json export');
      expect(await snapshot()).not.toEqual(before);

      const restored = await restoreBackup(driver, options(), file);
      expect(restored.method).toBe('extended-json export');
      expect(await snapshot()).toEqual(before);
      const restores = await database.db.collection('godwit_migrations_history').find({ direction: 'restore' }).toArray();
      expect(restores.map((r) => [r.version, r.name])).toEqual([[1, 'restore']]);
      const again = migrator(2);
      expect(await again.version()).toEqual({ version: 1, dirty: false });
      expect((await again.up()).after).toBe(2);
      await again.close();
    });
  }

  it('a truncated export is refused before anything is dropped', async () => {
    const first = migrator(1);
    expect((await first.up()).error?.message).toBeUndefined();
    await first.close();
    const before = await snapshot();
    const info = await createBackup(driver, options(), 1);
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(info.file, 'utf8');
    const cut = join(folder.path('backups'), info.file.split('/').pop()!.replace('-v1', '-v7'));
    await writeFile(cut, text.split('\n').slice(0, 3).join('\n'));
    // A copy without metadata, restored as unverified: the export's own closing line still catches the cut.
    await expect(restoreBackup(driver, options(), cut, { allowUnverified: true })).rejects.toThrow(/truncated|expected/);
    expect(await snapshot()).toEqual(before);
  });
});

describeMongo('MongoDB backup files are private', () => {
  const database = perTest(() => freshDatabase('godwit_backup_modes'), (d) => d.drop());
  const folder = perTest(() => tempDir('backup-mongo-modes'), (f) => f.remove());
  const driver: Driver = perTest(async () => createMongoDriver({ url: database.url }), (d) => d.close());

  for (const gzip of [false, true]) {
    it(`the Extended-JSON export: folder 0700, file and metadata 0600 under umask 0022${gzip ? ' (gzip)' : ''}`, async () => {
      await database.db.collection('users').insertOne({ _id: 1, email: 'ada@example.org' } as never);
      const info = await createBackup(driver, { dir: folder.path('backups'), mongoMethod: 'json', gzip }, 1);
      expect(await privacyOf(info.file)).toEqual(PRIVATE);
      expect(await readdir(folder.path('backups'))).toHaveLength(2);
    });
  }

  it('mongodump: an archive the tool writes with the umask ends up 0600 (a stand-in tool writes it)', async () => {
    // The MongoDB Database Tools are seldom installed; the privacy of the file is the plugin's
    // job whatever the tool does, so a stand-in that writes with the umask (as mongodump does) proves it.
    const tools = folder.path('tools');
    await folder.write({
      'tools/mongodump': '#!/bin/sh\nfor a in "$@"; do case "$a" in --archive=*) echo archive > "${a#--archive=}";; esac; done\n',
      'tools/mongorestore': '#!/bin/sh\nexit 0\n',
    });
    await chmod(join(tools, 'mongodump'), 0o755);
    await chmod(join(tools, 'mongorestore'), 0o755);
    const info = await createBackup(driver, { dir: folder.path('backups'), mongoMethod: 'mongodump', toolEnv: { PATH: `${tools}:/usr/bin:/bin` } }, 1);
    expect(info.method).toBe('mongodump');
    expect(info.file).toMatch(/\.archive\.gz$/);
    expect(await privacyOf(info.file)).toEqual(PRIVATE);
  });

  it('an export with one byte changed is refused and the database is untouched', async () => {
    await database.db.collection('users').insertOne({ _id: 1, email: 'ada@example.org' } as never);
    const info = await createBackup(driver, { dir: folder.path('backups'), mongoMethod: 'json' }, 1);
    await database.db.collection('users').insertOne({ _id: 2, email: 'grace@example.org' } as never);
    const bytes = await readFile(info.file);
    // `ada` becomes `adb`: still a valid export, only the checksum can tell.
    const at = bytes.indexOf('ada@');
    await writeFile(info.file, flipByte(bytes, at + 2).fill('b'.charCodeAt(0), at + 2, at + 3));
    await expect(restoreBackup(driver, { mongoMethod: 'json' }, info.file)).rejects.toThrow(/does not match its recorded checksum/);
    expect(await database.db.collection('users').countDocuments()).toBe(2);
  });
});
