/**
 * The append-only store (src/store/documents.ts) against the real server: a store written in the
 * previous shape (one document per version and per history entry, updated in place) reads the
 * same and keeps working; a step interrupted between any two of its writes reads dirty; a down
 * leaves nothing of the version behind; a record inserted again starts a chain of its own.
 */
import { checksumOf, createMigrator, type Driver, type StoreWriter } from '@godwit/core';
import { describeMongo, freshDatabase, type TestDatabase } from '@godwit/test-kit/mongodb';
import { type TempDir, tempDir } from '@godwit/test-kit/temp';
import { Long } from 'mongodb';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createMongoDriver } from '../src/index.js';
import { readStore } from './support/store.js';

const FILES = {
  '000001_a.up.json': '[{ "create": "a" }]\n',
  '000001_a.down.json': '[{ "drop": "a" }]\n',
  '000002_b.up.json': '[{ "create": "b" }]\n',
  '000002_b.down.json': '[{ "drop": "b" }]\n',
  '000003_cd.up.json': '[\n  { "create": "c" },\n  { "create": "d" }\n]\n',
  '000003_cd.down.json': '[{ "drop": "d" }, { "drop": "c" }]\n',
  '000004_e.up.json': '[{ "create": "e" }]\n',
  '000004_e.down.json': '[{ "drop": "e" }]\n',
};
const key = (n: number) => String(n).padStart(16, '0');

describeMongo('the append-only store', () => {
  let database: TestDatabase;
  let folder: TempDir;
  const drivers: Driver[] = [];
  const migrator = (driver: Driver = createMongoDriver({ url: database.url })) => {
    drivers.push(driver);
    return createMigrator({ driver, dir: folder.dir, appliedBy: 'tester@test' });
  };

  beforeEach(async () => {
    database = await freshDatabase('godwit_shape');
    folder = await tempDir('mongo-shape', FILES);
  });
  afterEach(async () => {
    for (const d of drivers.splice(0)) await d.close();
    await database.drop();
    await folder.remove();
  });

  it('reads a store written in the previous shape exactly, and resume, up, down and force carry on from it', async () => {
    const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s));
    const record = (v: number, name: string, extra: Record<string, unknown>) => ({
      _id: key(v),
      version: Long.fromNumber(v),
      name,
      checksum: checksumOf(FILES[`00000${v}_${name}.up.json` as keyof typeof FILES]),
      applied_at: at(v),
      execution_ms: v,
      applied_by: 'old@host',
      dirty: false,
      ...extra,
    });
    const entry = (id: number, name: string, extra: Record<string, unknown>) => ({
      _id: key(id),
      id,
      version: Long.fromNumber(id),
      name,
      direction: 'up',
      started_at: at(id),
      finished_at: at(id + 1),
      execution_ms: 1000,
      success: true,
      error: null,
      applied_by: 'old@host',
      tool_version: 'godwit/0.0.9',
      note: null,
      ...extra,
    });
    // What the previous version leaves after applying 1 and 2, then being killed after the first
    // command of 3: its record dirty with its progress, its history entry never completed.
    await database.db.collection('godwit_migrations').insertMany([record(1, 'a', {}), record(2, 'b', {}), record(3, 'cd', { dirty: true, statements_done: 1 })] as never[]);
    await database.db
      .collection('godwit_migrations_history')
      .insertMany([entry(1, 'a', {}), entry(2, 'b', { note: undefined }), entry(3, 'cd', { finished_at: null, execution_ms: null, success: false })] as never[], { ignoreUndefined: true });
    for (const c of ['a', 'b', 'c']) await database.db.createCollection(c);

    const before = await readStore(database.url);
    const checksum = (v: number, name: string) => checksumOf(FILES[`00000${v}_${name}.up.json` as keyof typeof FILES]);
    expect(before.applied).toEqual([
      { version: 1, name: 'a', checksum: checksum(1, 'a'), appliedAt: at(1), executionMs: 1, appliedBy: 'old@host', dirty: false },
      { version: 2, name: 'b', checksum: checksum(2, 'b'), appliedAt: at(2), executionMs: 2, appliedBy: 'old@host', dirty: false },
      { version: 3, name: 'cd', checksum: checksum(3, 'cd'), appliedAt: at(3), executionMs: 3, appliedBy: 'old@host', dirty: true, statementsDone: 1 },
    ]);
    const old = (id: number, name: string, finished: boolean) => ({
      id,
      version: id,
      name,
      direction: 'up',
      startedAt: at(id),
      finishedAt: finished ? at(id + 1) : null,
      executionMs: finished ? 1000 : null,
      success: finished,
      error: null,
      appliedBy: 'old@host',
      toolVersion: 'godwit/0.0.9',
      note: null,
    });
    expect(before.history).toEqual([old(3, 'cd', false), old(2, 'b', true), old(1, 'a', true)]);

    const m = migrator();
    expect((await m.up()).error?.code).toBe('DIRTY');
    const resumed = await m.up({ resume: true });
    expect(resumed.error).toBeUndefined();
    expect(resumed.results.map((r) => [r.version, r.status])).toEqual([
      [3, 'applied'],
      [4, 'applied'],
    ]);
    expect(await database.collections()).toEqual(expect.arrayContaining(['c', 'd', 'e']));
    const after = await readStore(database.url);
    expect(after.applied.map((r) => [r.version, r.dirty, r.statementsDone, r.appliedBy])).toEqual([
      [1, false, undefined, 'old@host'],
      [2, false, undefined, 'old@host'],
      [3, false, undefined, 'tester@test'],
      [4, false, undefined, 'tester@test'],
    ]);
    expect(after.history.slice(0, 3).map((h) => [h.id, h.version, h.success, h.finishedAt !== null])).toEqual([
      [5, 4, true, true],
      [4, 3, true, true],
      [3, 3, false, false],
    ]);
    expect(after.history[1]?.note).toContain('resumed at statement 2 of 2');

    // Down through a record of the previous shape, and force past another: nothing of them stays.
    expect((await m.downTo(2)).results.map((r) => [r.version, r.status])).toEqual([
      [4, 'applied'],
      [3, 'applied'],
    ]);
    expect(await m.force(1)).toMatchObject({ after: 1, removed: [2] });
    expect((await database.db.collection('godwit_migrations').find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual([key(1)]);
    expect((await readStore(database.url)).applied.map((r) => [r.version, r.dirty])).toEqual([[1, false]]);
  });

  // Each point is where a process killed mid-step stops writing: nothing after it reaches the
  // store (the writer throws there and refuses everything after, as a dead process would).
  it.each([
    { when: 'after its dirty mark', crashAt: 'open', dirty: true },
    { when: 'after its history entry, before its command', crashAt: 'exec', dirty: true },
    { when: 'after its command, before its clean record', crashAt: 'put', dirty: true },
    { when: 'after its clean record, before its history entry is completed', crashAt: 'finish', dirty: false },
  ] as const)('a step interrupted $when reads dirty: $dirty on the next run', async ({ crashAt, dirty }) => {
    const driver = createMongoDriver({ url: database.url });
    let dead = false;
    const die = () => {
      dead = true;
      throw new Error('killed');
    };
    const writer = driver.writer as StoreWriter;
    /** the history id of version 2's entry, once opened: `finish` is called with it */
    let entryOf2: number | undefined;
    for (const method of ['markDirty', 'open', 'progress', 'put', 'finish', 'append', 'remove'] as const) {
      const original = (writer[method] as (...args: unknown[]) => Promise<unknown>).bind(writer);
      (writer as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        const version = method === 'finish' ? (args[1] === entryOf2 ? 2 : 0) : typeof args[1] === 'number' ? args[1] : (args[1] as { version: number }).version;
        if (dead || (method === crashAt && version === 2)) die();
        const result = await original(...args);
        if (method === 'open' && version === 2) entryOf2 = result as number;
        return result;
      };
    }
    const session = driver.session.bind(driver);
    driver.session = async (limits) => {
      const s = await session(limits);
      const exec = s.exec.bind(s);
      const crashing = async (st: Parameters<typeof exec>[0], signal: AbortSignal) => (dead || (crashAt === 'exec' && st.file.includes('000002')) ? die() : exec(st, signal));
      return Object.assign(s, { exec: crashing });
    };
    const crashed = await migrator(driver).upTo(2);
    expect(crashed.ok).toBe(false);

    const m = migrator();
    const status = await m.status();
    expect(status.dirty).toBe(dirty);
    expect(status.migrations.slice(0, 2).map((s) => s.state)).toEqual(['applied', dirty ? 'dirty' : 'applied']);
    const { history } = await readStore(database.url);
    // The history entry exists from the moment the dirty mark does (core writes them together),
    // and stays incomplete: the run that would have completed it died.
    expect(history.map((h) => [h.version, h.finishedAt === null])).toEqual(crashAt === 'open' ? [[1, false]] : [
      [2, true],
      [1, false],
    ]);
    if (!dirty) {
      expect((await m.up()).ok).toBe(true);
      return;
    }
    expect((await m.up()).error?.code).toBe('DIRTY');
    const created = (await database.collections()).includes('b');
    expect(created).toBe(crashAt === 'put');
    // The operator records what the database really holds, and the run carries on.
    expect(await m.force(created ? 2 : 1)).toMatchObject({ after: created ? 2 : 1 });
    expect((await m.up()).ok).toBe(true);
    expect((await readStore(database.url)).applied.map((r) => [r.version, r.dirty])).toEqual([1, 2, 3, 4].map((v) => [v, false]));
  });

  it('a down removes every document of the version, and the version applied again starts a chain of its own', async () => {
    const m = migrator();
    expect((await m.upTo(3)).ok).toBe(true);
    const docs = async () => (await database.db.collection('godwit_migrations').find({}, { sort: { _id: 1 } }).toArray()).map((d) => String(d._id));
    const chainOf = async (v: number) => String((await database.db.collection('godwit_migrations').findOne({ _id: key(v) as never }))?.chain);
    const first = await chainOf(3);
    // 3 has two commands: its record (dirty), its progress after the first, then its clean state.
    expect((await docs()).filter((id) => id.startsWith(key(3)))).toEqual([key(3), `${key(3)}.${first}.${key(1)}`, `${key(3)}.${first}.${key(2)}`]);

    expect((await m.down()).after).toBe(2);
    expect((await docs()).filter((id) => id.startsWith(key(3)))).toEqual([]);
    expect((await m.up()).after).toBe(4);
    const second = await chainOf(3);
    expect(second).not.toBe(first);
    expect((await docs()).filter((id) => id.startsWith(key(3)))).toEqual([key(3), `${key(3)}.${second}.${key(1)}`, `${key(3)}.${second}.${key(2)}`]);
    const { applied, history } = await readStore(database.url);
    expect(applied.map((r) => [r.version, r.dirty])).toEqual([1, 2, 3, 4].map((v) => [v, false]));
    expect(history.map((h) => [h.id, h.version, h.direction, h.success])).toEqual([
      [6, 4, 'up', true],
      [5, 3, 'up', true],
      [4, 3, 'down', true],
      [3, 3, 'up', true],
      [2, 2, 'up', true],
      [1, 1, 'up', true],
    ]);
    expect((await m.history({ limit: 2 })).map((h) => h.id)).toEqual([6, 5]);
  });
});
