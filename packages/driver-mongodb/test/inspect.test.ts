/**
 * Schema snapshots on a MongoDB-protocol server (FerretDB in CI, which keeps no validators: that
 * part runs on a real MongoDB only): what inspect() sees, the round trip of `godwit test` (a
 * faulty down is caught with the exact difference), diff between two databases, and drift.
 */
import { createMigrator, diffSnapshots, formatChanges, roundTrip, type SchemaSnapshot } from '@godwit/core';
import { describeMongo, freshDatabase, isRealMongo, type TestDatabase } from '@godwit/test-kit/mongodb';
import { perTest } from '@godwit/test-kit/per-test';
import { tempDir } from '@godwit/test-kit/temp';
import { expect, it } from 'vitest';
import { createMongoDriver } from '../src/index.js';

const find = (s: SchemaSnapshot, type: string, name: string) => s.objects.find((o) => o.type === type && o.name === name)?.definition;
const cmd = (...commands: object[]) => JSON.stringify(commands);

describeMongo('inspect() on MongoDB', () => {
  const database = perTest<TestDatabase>(() => freshDatabase('godwit_inspect'), (d) => d.drop());
  const driver = perTest(async () => createMongoDriver({ url: database.url }), (d) => d.close());

  it('reads collections and indexes (keys in order), and leaves the store out', async () => {
    await database.db.createCollection('users');
    await database.db.collection('users').createIndex({ email: 1, at: -1 }, { unique: true, name: 'users_email' });
    await driver.store.ensure();
    const s = await driver.inspect!();
    expect(find(s, 'collection', 'users')).toBe('');
    expect(find(s, 'index', 'users._id_')).toBe('{ _id: 1 }');
    expect(find(s, 'index', 'users.users_email')).toBe('{ email: 1, at: -1 } {"unique":true}');
    expect(s.objects.filter((o) => o.name.startsWith('godwit_migrations'))).toEqual([]);
  });

  it.runIf(isRealMongo)('reads a validator (not on FerretDB, which keeps none)', async () => {
    await database.db.createCollection('v', { validator: { $jsonSchema: { required: ['a'] } } });
    expect(find(await driver.inspect!(), 'collection', 'v')).toContain('"validator":{"$jsonSchema":{"required":["a"]}}');
  });

  it('diff finds an added index between two databases', async () => {
    const other = await freshDatabase('godwit_inspect_b');
    const b = createMongoDriver({ url: other.url });
    try {
      await database.db.createCollection('t');
      await other.db.createCollection('t');
      await other.db.collection('t').createIndex({ note: 1 }, { name: 't_note' });
      expect(formatChanges(diffSnapshots(await driver.inspect!(), await b.inspect!()))).toBe('+ index t.t_note { note: 1 }\n');
    } finally {
      await b.close();
      await other.drop();
    }
  });

  it('drift: the snapshot recorded after up, then a hand-made index', async () => {
    const folder = await tempDir('mongo-drift', {
      '00001_t.up.json': cmd({ create: 't' }),
      '00001_t.down.json': cmd({ drop: 't' }),
    });
    try {
      const m = createMigrator({ driver, dir: folder.dir, schemaSnapshots: true });
      expect((await m.up()).ok).toBe(true);
      expect((await m.drift()).changes).toEqual([]);
      await database.db.collection('t').createIndex({ at: 1 }, { name: 'by_hand' });
      expect(formatChanges((await m.drift()).changes)).toBe('+ index t.by_hand { at: 1 }\n');
    } finally {
      await folder.remove();
    }
  });

  it('test: a faulty down is caught on a scratch database with the exact difference; the scratch is dropped', async () => {
    const folder = await tempDir('mongo-roundtrip', {
      '00001_t.up.json': cmd({ create: 't' }),
      '00001_t.down.json': cmd({ drop: 't' }),
      '00002_idx.up.json': cmd({ createIndexes: 't', indexes: [{ key: { a: 1 }, name: 't_a' }] }),
      '00002_idx.down.json': '[]',
    });
    const scratch = await driver.scratch!({});
    const name = new URL(scratch.target).pathname.slice(1);
    try {
      const report = await roundTrip(createMigrator({ driver: scratch.driver, dir: folder.dir }), scratch.driver);
      expect(report.steps.map((s) => [s.version, s.status, s.stage])).toEqual([
        [1, 'ok', undefined],
        [2, 'failed', 'restore'],
      ]);
      expect(formatChanges(report.steps[1]!.changes!)).toBe('+ index t.t_a { a: 1 }\n');
    } finally {
      await scratch.drop();
      await folder.remove();
    }
    const names = (await database.client.db('admin').admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name);
    expect(names).not.toContain(name);
  });
});
