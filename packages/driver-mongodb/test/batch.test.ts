/**
 * Batched commands on the MongoDB-protocol server (issue 17): an `update` marked
 * `"$godwit": {"batch": 1000}` runs in `_id`-ordered batches until its filter matches nothing,
 * storing the documents done after each batch; `$godwit` itself never reaches the server.
 */
import { createMigrator, type Driver, type GodwitEvent } from '@godwit/core';
import { describeMongo, freshDatabase, type TestDatabase } from '@godwit/test-kit/mongodb';
import { type TempDir, tempDir } from '@godwit/test-kit/temp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createMongoDriver } from '../src/index.js';

// FerretDB updates a few hundred documents a second: enough documents for several batches, no more
const DOCS = 2_000;
const SIZE = 250;

describeMongo('batched commands on a MongoDB-protocol server', () => {
  let database: TestDatabase;
  let folder: TempDir | undefined;
  const drivers: Driver[] = [];

  beforeEach(async () => {
    database = await freshDatabase('godwit_batch');
    const users = Array.from({ length: DOCS }, (_, i) => ({ _id: i + 1, fullname: `user ${i + 1}` }));
    await database.db.collection('users').insertMany(users as never[]);
  });
  afterEach(async () => {
    for (const d of drivers.splice(0)) await d.close();
    await database.drop();
    await folder?.remove();
    folder = undefined;
  });

  it(`updates ${DOCS} documents in _id-ordered batches of ${SIZE}, then deletes in batches`, async () => {
    folder = await tempDir('mongo-batch', {
      '000001_backfill.up.json': JSON.stringify([
        { update: 'users', updates: [{ q: { name: { $exists: false } }, u: { $set: { name: 'backfilled' } }, multi: true }], $godwit: { batch: SIZE } },
        { delete: 'users', deletes: [{ q: { _id: { $gt: DOCS / 2 } }, limit: 0 }], $godwit: { batch: SIZE, delay: '1ms' } },
      ]),
    });
    const driver = createMongoDriver({ url: database.url });
    drivers.push(driver);
    const events: GodwitEvent[] = [];
    const migrator = createMigrator({ driver, dir: folder.dir, appliedBy: 'tester@test', onEvent: (e) => events.push(e) });
    const result = await migrator.up();
    expect(result.error?.message).toBeUndefined();

    const users = database.db.collection('users');
    expect(await users.countDocuments({})).toBe(DOCS / 2);
    expect(await users.countDocuments({ name: 'backfilled' })).toBe(DOCS / 2);
    const progress = events.filter((e): e is Extract<GodwitEvent, { event: 'batch-progress' }> => e.event === 'batch-progress');
    const ends = progress.filter((e) => e.finished);
    expect(ends.map((e) => [e.rowsDone, e.batches])).toEqual([
      [DOCS, DOCS / SIZE],
      [DOCS / 2, DOCS / 2 / SIZE],
    ]);
    expect(progress[0]).toMatchObject({ total: DOCS, batches: 0 });
    // each update batch took the lowest _ids not yet done: after the first batch, exactly 1..SIZE
    expect(progress[1]).toMatchObject({ rowsDone: SIZE, batches: 1 });
    const [history] = await migrator.history({ limit: 1 });
    expect(history?.note).toContain(`${DOCS + DOCS / 2} row(s) touched`);
  }, 120_000);

  it('refuses a batched command it cannot run, at its line', async () => {
    folder = await tempDir('mongo-batch', {
      '000001_bad.up.json': '[\n  { "insert": "users", "documents": [{ "_id": 0 }], "$godwit": { "batch": 10 } }\n]\n',
    });
    const driver = createMongoDriver({ url: database.url });
    drivers.push(driver);
    const result = await createMigrator({ driver, dir: folder.dir, appliedBy: 'tester@test' }).up();
    expect(result.error).toMatchObject({ code: 'PARSE_ERROR', line: 2 });
    expect(result.error?.message).toContain('only an `update` or `delete` command can be batched');
  });
});
