/**
 * Running command migrations against the real server: types survive, failures are located and
 * leave a dirty store that `force` clears, empty migrations are recorded.
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMigrator, type Driver, type Migrator, type Plugin, type RunResult } from '@godwit/core';
import { describeMongo, freshDatabase, isRealMongo, type TestDatabase } from '@godwit/test-kit/mongodb';
import { type TempDir, tempDir } from '@godwit/test-kit/temp';
import { EJSON } from 'bson';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createMongoDriver } from '../src/index.js';

describeMongo('command migrations on a MongoDB-protocol server', () => {
  let database: TestDatabase;
  let folder: TempDir | undefined;
  const drivers: Driver[] = [];

  beforeEach(async () => {
    database = await freshDatabase('godwit_commands');
  });
  afterEach(async () => {
    for (const d of drivers.splice(0)) await d.close();
    await database.drop();
    await folder?.remove();
    folder = undefined;
  });

  async function migrator(files: Record<string, string>, plugins: Plugin[] = []): Promise<Migrator> {
    folder = await tempDir('mongo', files);
    const driver = createMongoDriver({ url: database.url });
    drivers.push(driver);
    return createMigrator({ driver, dir: folder.dir, appliedBy: 'tester@test', plugins });
  }

  const EVENT = `{
    "_id": { "$oid": "65a1b2c3d4e5f60718293a4b" },
    "at": { "$date": "2024-03-01T12:34:56.789Z" },
    "big": { "$numberLong": "9007199254740993" },
    "small": { "$numberInt": "7" },
    "ratio": { "$numberDouble": "2.0" },
    "blob": { "$binary": { "base64": "AQID", "subType": "00" } },
    "nested": { "list": [{ "$numberLong": "1" }, { "$date": { "$numberLong": "0" } }] }
  }`;

  it('keeps Extended JSON types exactly ($oid, $date, $numberLong, $numberInt, $numberDouble, $binary)', async () => {
    const m = await migrator({
      '000001_events.up.json': `[\n  { "create": "events" },\n  { "insert": "events", "documents": [${EVENT}] }\n]\n`,
      '000001_events.down.json': '[{ "drop": "events" }]\n',
    });
    const result = await m.up();
    expect(result.error).toBeUndefined();

    const stored = await database.db.collection('events').findOne({}, { promoteValues: false, promoteLongs: false });
    const expected = EJSON.parse(EVENT, { relaxed: false });
    // Compared as canonical Extended JSON, which spells every BSON type out.
    expect(EJSON.serialize(stored, { relaxed: false })).toEqual(EJSON.serialize(expected, { relaxed: false }));
    expect(stored?.big?._bsontype).toBe('Long');
    expect(String(stored?.big)).toBe('9007199254740993'); // above 2^53: a double would have lost it
    expect(stored?.small?._bsontype).toBe('Int32');
    expect(stored?.ratio?._bsontype).toBe('Double');
    expect(stored?.at).toBeInstanceOf(Date);
    expect(stored?._id?._bsontype).toBe('ObjectId');
  });

  it.skipIf(!isRealMongo)('keeps $numberDecimal exactly (real MongoDB only: FerretDB v1 has no Decimal128)', async () => {
    const m = await migrator({
      '000001_prices.up.json': '[{ "insert": "prices", "documents": [{ "_id": 1, "amount": { "$numberDecimal": "10.10" } }] }]',
    });
    expect((await m.up()).error).toBeUndefined();
    const stored = await database.db.collection('prices').findOne({ _id: 1 as never });
    expect(stored?.amount?._bsontype).toBe('Decimal128');
    expect(String(stored?.amount)).toBe('10.10');
  });

  it('a duplicate key fails the run at file:line:col naming the command, leaves the store dirty, and force recovers', async () => {
    const seed = [
      '[',
      '  { "insert": "users", "documents": [{ "_id": 1, "email": "a@example.com" }] },',
      '  {',
      '    "insert": "users",',
      '    "documents": [',
      '      { "_id": 1, "email": "again@example.com" }',
      '    ]',
      '  },',
      '  { "insert": "users", "documents": [{ "_id": 3, "email": "never@example.com" }] }',
      ']',
    ].join('\n');
    const m = await migrator({
      '000001_users.up.json': '[\n  { "create": "users" }\n]\n',
      '000001_users.down.json': '[\n  { "drop": "users" }\n]\n',
      '000002_seed.up.json': seed,
      '000002_seed.down.json': '[{ "delete": "users", "deletes": [{ "q": {}, "limit": 0 }] }]',
    });
    const seedFile = join(folder!.dir, '000002_seed.up.json');
    const result = await m.up();
    expect(result.ok).toBe(false);
    expect(result.results.map((r) => [r.version, r.status])).toEqual([
      [1, 'applied'],
      [2, 'failed'],
    ]);
    const error = result.error!;
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.toString()).toMatch(
      new RegExp(`^${escapeRegExp(seedFile)}:3:3: command #1 \\(insert\\) failed: E11000 duplicate key error collection: ${database.name}\\.users`),
    );
    expect(error.hint).toContain('migration 2 runs outside a transaction and stopped after 1 of 3 statement(s), so version 2 is recorded dirty');
    expect(error.hint).toContain('"godwit force 2" if you completed it');
    expect(error.hint).toContain('"godwit force 1" if you undid it');
    expect(error.data).toMatchObject({ code: 11000, statementsDone: 1, statements: 3 });
    // The command after the failing one never ran.
    expect(await database.db.collection('users').countDocuments({ _id: 3 as never })).toBe(0);

    const status = await m.status();
    expect(status.dirty).toBe(true);
    expect(status.migrations.map((s) => s.state)).toEqual(['applied', 'dirty']);
    // The record says how far the step got: its first command completed.
    expect((await drivers[0]!.store.applied()).find((r) => r.version === 2)).toMatchObject({ dirty: true, statementsDone: 1 });
    const history = await m.history();
    expect(history[0]).toMatchObject({ version: 2, direction: 'up', success: false });
    expect(history[0]?.error).toContain('command #1 (insert) failed: E11000');
    expect(history[0]?.finishedAt).toBeInstanceOf(Date);

    const blocked = await m.up();
    expect(blocked.error?.code).toBe('DIRTY');
    expect(blocked.results).toEqual([]);

    // The operator undoes the partial seed by hand, records the truth, fixes the file, runs again.
    await database.db.collection('users').deleteMany({});
    expect(await m.force(1)).toMatchObject({ after: 1, removed: [2] });
    expect(await m.version()).toEqual({ version: 1, dirty: false });
    await writeFile(seedFile, seed.replace('"_id": 1, "email": "again', '"_id": 2, "email": "again'));
    const again = await m.up();
    expect(again.error).toBeUndefined();
    expect(again.after).toBe(2);
    expect(await database.db.collection('users').countDocuments()).toBe(3);
    expect((await m.history()).slice(0, 2).map((h) => [h.version, h.direction, h.success])).toEqual([
      [2, 'up', true],
      [1, 'force', true],
    ]);
  });

  it('an unknown command (ok: 0) fails with the server message', async () => {
    const m = await migrator({ '000001_odd.up.json': '[\n  { "create": "odd" },\n  { "frobnicate": "odd" }\n]\n' });
    const result = await m.up();
    expect(result.error?.toString()).toMatch(/000001_odd\.up\.json:3:3: command #1 \(frobnicate\) failed: no such command: 'frobnicate'/);
    expect((await m.status()).dirty).toBe(true);
  });

  it.skipIf(!isRealMongo)('writeErrors in an ok: 1 reply fail the migration (validator: real MongoDB only)', async () => {
    const m = await migrator({
      '000001_strict.up.json': JSON.stringify([
        { create: 'strict', validator: { $jsonSchema: { required: ['email'] } } },
        { insert: 'strict', documents: [{ _id: 1 }] },
      ]),
    });
    const result = await m.up();
    expect(result.error?.message).toMatch(/^command #1 \(insert\) failed: Document failed validation/);
  });

  it('records an empty array as applied, and rolls it back', async () => {
    const m = await migrator({ '000001_nothing.up.json': '[]\n', '000001_nothing.down.json': '[ ]' });
    const up = await m.up();
    expect(up).toMatchObject({ ok: true, after: 1 });
    expect(up.results[0]).toMatchObject({ version: 1, status: 'applied', transactional: false });
    expect((await m.status()).migrations[0]).toMatchObject({ state: 'applied' });
    expect(await database.collections()).toEqual(['godwit_migrations', 'godwit_migrations_history', 'godwit_migrations_lock']);
    expect((await m.down()).after).toBe(0);
    expect((await m.history()).map((h) => h.direction)).toEqual(['down', 'up']);
  });

  it('stores the records with the SQL columns names and an int64 version, in the collection --table names, appending rather than updating', async () => {
    folder = await tempDir('mongo', { '20250101120000_stamp.up.json': '[{ "create": "stamped" }]' });
    const driver = createMongoDriver({ url: database.url, table: 'schema_versions' });
    drivers.push(driver);
    const m = createMigrator({ driver, dir: folder.dir, appliedBy: 'tester@test' });
    expect((await m.up()).after).toBe(20250101120000);
    expect(await database.collections()).toEqual(['schema_versions', 'schema_versions_history', 'schema_versions_lock', 'stamped']);

    // The record, inserted dirty when the step started, then a state document recording it clean.
    const [record, clean, ...more] = await database.db.collection('schema_versions').find({}, { sort: { _id: 1 }, promoteLongs: false }).toArray();
    expect(more).toEqual([]);
    const recordFields = ['_id', 'chain', 'applied_at', 'applied_by', 'checksum', 'dirty', 'execution_ms', 'name', 'version'];
    expect(Object.keys(record ?? {}).sort()).toEqual(recordFields.sort());
    expect(record).toMatchObject({ _id: '0020250101120000', chain: expect.stringMatching(/^[0-9a-f]{24}$/), name: 'stamp', applied_by: 'tester@test', dirty: true });
    expect(record?.version?._bsontype).toBe('Long');
    expect(String(record?.version)).toBe('20250101120000');
    expect(clean).toMatchObject({ _id: `0020250101120000.${record?.chain}.0000000000000001`, dirty: false, statements_done: null, rows_done: null });
    expect(Object.keys(clean ?? {}).sort()).toEqual([...recordFields.filter((f) => f !== 'chain'), 'rows_done', 'statements_done'].sort());
    expect(await driver.store.applied()).toEqual([
      { version: 20250101120000, name: 'stamp', checksum: record?.checksum, appliedAt: clean?.applied_at, executionMs: clean?.execution_ms, appliedBy: 'tester@test', dirty: false },
    ]);

    // The history entry, inserted when the step started, then its completion.
    const [entry, completion, ...rest] = await database.db.collection('schema_versions_history').find({}, { sort: { _id: 1 } }).toArray();
    expect(rest).toEqual([]);
    expect(Object.keys(entry ?? {}).sort()).toEqual(
      ['_id', 'id', 'version', 'name', 'direction', 'started_at', 'finished_at', 'execution_ms', 'success', 'error', 'applied_by', 'tool_version', 'note'].sort(),
    );
    expect(entry).toMatchObject({ _id: '0000000000000001', id: 1, finished_at: null, success: false, note: null });
    expect(Object.keys(completion ?? {}).sort()).toEqual(['_id', 'id', 'finished_at', 'execution_ms', 'success', 'error'].sort());
    expect(completion).toMatchObject({ _id: '0000000000000001.done', id: 1, success: true, error: null });
    expect(await driver.store.history()).toMatchObject([{ id: 1, version: 20250101120000, finishedAt: completion?.finished_at, success: true, note: null }]);
  });

  it('a run cancelled before a step changes nothing', async () => {
    const cancel = new AbortController();
    const m = await migrator({ '000001_a.up.json': '[{ "create": "a" }]' }, [{ name: 'cancel', beforeMigration: () => cancel.abort() }]);
    const result = await m.up({ signal: cancel.signal });
    expect(result.error?.code).toBe('ABORTED');
    expect(result.results).toMatchObject([{ version: 1, status: 'failed' }]);
    expect(await database.collections()).not.toContain('a');
    expect(await m.version()).toEqual({ version: 0, dirty: false });
    expect(await m.history()).toEqual([]);
  });

  it('a step another runner did meanwhile is skipped, up and down, and history ids stay sequential', async () => {
    folder = await tempDir('mongo', { '000001_a.up.json': '[{ "create": "a" }]', '000001_a.down.json': '[{ "drop": "a" }]' });
    const a = createMongoDriver({ url: database.url });
    const b = createMongoDriver({ url: database.url });
    drivers.push(a, b);
    const runner = (driver: Driver, plugins: Plugin[] = []) => createMigrator({ driver, dir: folder!.dir, appliedBy: 'tester@test', plugins });
    // After planning its step under the lock, a runner lets go of the lock while `other` runs
    // (a runner that lost its lock, as far as the store can tell), then takes it back.
    const meanwhile = (driver: Driver, other: () => Promise<RunResult>): Plugin => ({
      name: 'meanwhile',
      async beforeMigration() {
        await driver.locker.unlock();
        expect((await other()).ok).toBe(true);
        await driver.locker.lock({ timeoutMs: 5_000 });
      },
    });
    const up = await runner(b, [meanwhile(b, () => runner(a).up())]).up();
    expect(up.results.map((r) => [r.version, r.status])).toEqual([[1, 'skipped-concurrent']]);
    const down = await runner(a, [meanwhile(a, () => runner(b).down())]).down();
    expect(down.results.map((r) => [r.version, r.status])).toEqual([[1, 'skipped-concurrent']]);
    expect((await runner(a).up()).results.map((r) => r.status)).toEqual(['applied']);
    const history = await a.store.history();
    expect(history.map((h) => [h.id, h.direction, h.success])).toEqual([
      [3, 'up', true],
      [2, 'down', true],
      [1, 'up', true],
    ]);
  });

  it('runs a .up.js / .down.js pair holding a JSON array, like a .json pair', async () => {
    const m = await migrator({
      '000001_legacy.up.js': '[\n  { "create": "legacy" }\n]\n',
      '000001_legacy.down.js': '[\n  { "drop": "legacy" }\n]\n',
    });
    expect((await m.up()).after).toBe(1);
    expect(await database.collections()).toContain('legacy');
    expect((await m.down()).after).toBe(0);
    expect(await database.collections()).not.toContain('legacy');
  });

  it.each([
    ['a top-level object', '{ "create": "x" }', /must be a JSON array of command documents, found an object/, 1],
    ['an element that is not a document', '[\n  { "create": "x" },\n  "drop x"\n]', /element 1 is a string, not a command document/, 3],
    ['invalid Extended JSON', '[\n  { "insert": "x", "documents": [{ "_id": { "$oid": "nope" } }] }\n]', /invalid Extended JSON in element 0/, 2],
  ])('refuses %s before anything runs, located in the file', async (_what, text, message, line) => {
    const m = await migrator({ '000001_ok.up.json': '[{ "create": "fine" }]', '000002_bad.up.json': text });
    const result = await m.up();
    expect(result.error).toMatchObject({ code: 'PARSE_ERROR', line, message: expect.stringMatching(message) });
    expect(result.error?.file).toMatch(/000002_bad\.up\.json$/);
    expect(result.results).toEqual([]);
    expect(await database.collections()).toEqual([]);
  });

  it('refuses SQL files before running anything', async () => {
    const m = await migrator({
      '000001_a.up.json': '[{ "create": "a" }]',
      '000002_b.sql': '-- +goose Up\nCREATE TABLE b (id int);\n',
    });
    const result = await m.up();
    expect(result.error?.code).toBe('FORMAT_NOT_SUPPORTED');
    expect(result.results).toEqual([]);
    expect(await database.collections()).not.toContain('a');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
