import { applyStep, createFolderSource, type Driver, type PreparedStep, writeState } from '@godwit/core';
import { describePostgres } from '@godwit/test-kit/postgres';
import pg from 'pg';
import { expect, it, vi } from 'vitest';
import { perTestProject } from './support/project.js';

const ctx = () => ({ signal: new AbortController().signal, appliedBy: 'ops@box', toolVersion: 'godwit/test' });

/** A step through core's protocol, as the runner applies it. */
const apply = (driver: Driver, step: PreparedStep) => applyStep({ driver, step, ctx: ctx(), previousVersion: 0, earlierInRun: 0 });

describePostgres('driver operations', () => {
  const { db, project } = perTestProject('ops');

  it('declares its capabilities and creates nothing until used', async () => {
    const driver = project.driver();
    expect(driver.name).toBe('postgres');
    expect(driver.capabilities).toEqual({ transactionalDdl: true, serverSideLocks: true, partKinds: ['sql'], batches: true });
    expect(await driver.store.applied()).toEqual([]);
    expect(await driver.store.history()).toEqual([]);
    expect(await db.tableExists('godwit_migrations')).toBe(false);
    expect(project.driver({ singleTransaction: true }).capabilities).toMatchObject({ oneTransactionPerRun: true });
  });

  it('ensure is idempotent; writeState records, removes and appends history in one go; history honours limit', async () => {
    const driver = project.driver();
    await driver.store.ensure();
    await driver.store.ensure();
    await writeState(
      driver,
      {
        remove: [],
        upsert: [
          { version: 1, name: 'a', checksum: 'c1' },
          { version: 2, name: "it's", checksum: 'c2' },
        ],
        history: [{ version: 2, name: "it's", direction: 'force' }],
      },
      ctx(),
    );
    expect((await driver.store.applied()).map((r) => [r.version, r.name, r.appliedBy, r.dirty])).toEqual([
      [1, 'a', 'ops@box', false],
      [2, "it's", 'ops@box', false],
    ]);
    await writeState(driver, { remove: [2], upsert: [], history: [{ version: 1, name: 'a', direction: 'force' }] }, ctx());
    expect((await driver.store.applied()).map((r) => r.version)).toEqual([1]);
    const history = await driver.store.history({ limit: 1 });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ version: 1, direction: 'force', success: true, toolVersion: 'godwit/test' });
    expect(await driver.store.history()).toHaveLength(2);
  });

  it('ALTER TYPE ... ADD VALUE runs in a transaction on this server (12 and later)', async () => {
    await project.write({
      '000001_mood.sql': "-- +goose Up\nCREATE TYPE mood AS ENUM ('ok');\nALTER TYPE mood ADD VALUE 'meh';\n",
    });
    const result = await project.migrator().up();
    expect(result.error).toBeUndefined();
    expect(result.results[0]?.transactional).toBe(true);
  });

  it('close is idempotent and releases the lock', async () => {
    const a = project.driver();
    await a.locker.lock({ timeoutMs: 1000 });
    await a.close();
    await a.close();
    // The server lets go of a closed session's lock as its backend exits, a moment after the
    // connection closes: wait for it (a lock kept would time out) rather than demand it at once.
    const b = project.driver();
    await b.locker.lock({ timeoutMs: 10_000 });
    await b.locker.unlock();
  });

  it('skips a step another runner already applied (re-checked inside the transaction)', async () => {
    await project.write({ '000001_one.sql': '-- +goose Up\nCREATE TABLE one (id int);\n' });
    const m = project.migrator();
    // Plan with one driver, then let another apply first: the first finds the row and skips.
    const a = project.driver();
    const [migration] = await createFolderSource({ dir: project.dir }).list();
    const step = await a.prepare(migration!, await migration!.load(), 'up');
    expect((await m.up()).after).toBe(1);
    await a.store.ensure();
    expect(await apply(a, step)).toEqual({ status: 'skipped-concurrent', executionMs: 0 });
  });

  it('a transactional step costs one round trip to open and re-check, one per statement, one to record and commit', async () => {
    await project.write({ '000001_two.sql': '-- +goose Up\nCREATE TABLE two (id int);\nINSERT INTO two VALUES (1);\n' });
    const driver = project.driver();
    await driver.store.ensure();
    const [migration] = await createFolderSource({ dir: project.dir }).list();
    const step = await driver.prepare(migration!, await migration!.load(), 'up');
    const sent: string[] = [];
    const query = pg.Client.prototype.query;
    const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      sent.push(String(args[0]));
      return (query as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    try {
      expect(await apply(driver, step)).toMatchObject({ status: 'applied' });
    } finally {
      spy.mockRestore();
    }
    expect(sent).toHaveLength(4);
    expect(sent[0]).toMatch(/^BEGIN;\nSELECT .* FOR UPDATE$/s);
    expect(sent[1]).toBe('CREATE TABLE two (id int)');
    expect(sent[3]).toMatch(/^INSERT INTO "godwit_migrations" .*;\nINSERT INTO "godwit_migrations_history" .*;\nCOMMIT$/s);
    expect(await driver.store.applied()).toMatchObject([{ version: 1, name: 'two', appliedBy: 'ops@box', dirty: false }]);
    expect(await db.query('SELECT * FROM two')).toEqual([{ id: 1 }]);
  });
});
