/**
 * Adopting golang-migrate's MongoDB collection on a real MongoDB-protocol server: the collection
 * is written as golang-migrate v4's database/mongodb SetVersion writes it (drop the collection,
 * insert one `{version, dirty}` document, Go's int as Int32 or Int64), then adopted, and `up`
 * applies exactly what golang-migrate had not.
 */
import { createMigrator, type GodwitEvent, type Migrator } from '@godwit/core';
import { describeMongo, freshDatabase, type TestDatabase } from '@godwit/test-kit/mongodb';
import { type TempDir, tempDir } from '@godwit/test-kit/temp';
import { Int32, Long } from 'mongodb';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createMongoDriver } from '../src/index.js';
import { readStore } from './support/store.js';

const pair = (v: string, name: string) => ({
  [`${v}_${name}.up.json`]: `[{ "create": "${name}" }]\n`,
  [`${v}_${name}.down.json`]: `[{ "drop": "${name}" }]\n`,
});

describeMongo('adopting golang-migrate on MongoDB', () => {
  let database: TestDatabase;
  let folder: TempDir | undefined;
  const migrators: Migrator[] = [];

  beforeEach(async () => {
    database = await freshDatabase('godwit_adopt');
  });
  afterEach(async () => {
    for (const m of migrators.splice(0)) await m.close();
    await database.drop();
    await folder?.remove();
    folder = undefined;
  });

  async function migrator(files: Record<string, string>, events: GodwitEvent[] = []): Promise<Migrator> {
    folder = await tempDir('mongo-adopt', files);
    const m = createMigrator({ driver: createMongoDriver({ url: database.url }), dir: folder.dir, appliedBy: 'test@host', onEvent: (e) => events.push(e) });
    migrators.push(m);
    return m;
  }

  /** golang-migrate's SetVersion: Drop, then InsertOne(bson.M{"version": version, "dirty": dirty}). */
  async function setVersion(version: Int32 | Long, dirty: boolean): Promise<void> {
    await database.db.collection('schema_migrations').drop().catch(() => undefined);
    await database.db.collection('schema_migrations').insertOne({ version, dirty });
  }

  it('the first up adopts on its own and applies only the rest; schema_migrations is untouched', async () => {
    const events: GodwitEvent[] = [];
    const m = await migrator({ ...pair('000001', 'a'), ...pair('000002', 'b'), ...pair('000003', 'c') }, events);
    await database.db.createCollection('a');
    await database.db.createCollection('b');
    await setVersion(new Int32(2), false);
    const before = await database.find('schema_migrations');

    expect((await m.status()).adoption).toEqual({ from: 'golang-migrate', table: 'schema_migrations', versions: [1, 2], missing: [] });
    const up = await m.up();
    expect(up.error).toBeUndefined();
    expect(up.results.map((r) => r.version)).toEqual([3]);
    expect(events.find((e) => e.event === 'adopted')).toMatchObject({ from: 'golang-migrate', versions: 2, recorded: true, auto: true });
    const { applied } = await readStore(database.url);
    expect(applied.map((r) => [r.version, r.appliedBy])).toEqual([
      [1, 'adopted from golang-migrate'],
      [2, 'adopted from golang-migrate'],
      [3, 'test@host'],
    ]);
    expect(await database.find('schema_migrations')).toEqual(before);
  });

  it('timestamp versions (Int64), adopted with godwit adopt', async () => {
    const m = await migrator({ ...pair('20240101120000', 'a'), ...pair('20240202120000', 'b') });
    await setVersion(Long.fromNumber(20240101120000), false);
    expect(await m.adopt()).toMatchObject({ from: 'golang-migrate', recorded: [20240101120000], peerVersion: 20240101120000 });
    expect((await m.up()).results.map((r) => r.version)).toEqual([20240202120000]);
  });

  it('a dirty version is refused with the recovery advice; nothing is written', async () => {
    const m = await migrator({ ...pair('000001', 'a'), ...pair('000002', 'b') });
    await setVersion(new Int32(2), true);
    await expect(m.adopt()).rejects.toMatchObject({ code: 'DIRTY', hint: expect.stringContaining('`godwit force 2`') });
    expect((await m.up()).error?.code).toBe('DIRTY');
    expect(await database.collections()).toEqual(['schema_migrations']);
  });

  it('--dry-run writes nothing; NilVersion (-1) adopts nothing; goose is not a MongoDB peer', async () => {
    const m = await migrator(pair('000001', 'a'));
    await setVersion(new Int32(1), false);
    expect(await m.adopt({ dryRun: true })).toMatchObject({ dryRun: true, recorded: [1] });
    expect((await m.up({ dryRun: true })).results).toEqual([]);
    expect(await database.collections()).toEqual(['schema_migrations']);

    await setVersion(new Int32(-1), false);
    expect(await m.adopt({ dryRun: true })).toMatchObject({ versions: [], recorded: [] });
    await expect(m.adopt({ from: 'goose' })).rejects.toMatchObject({ code: 'USAGE', message: 'goose keeps no version table on mongodb' });
  });
});
