import { createFolderSource } from '@godwit/core';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createProject, type Project } from './support/project.js';
import { createTestDatabase, describePostgres, type TestDatabase } from './support/postgres.js';

const ctx = () => ({ signal: new AbortController().signal, appliedBy: 'ops@box', toolVersion: 'godwit/test' });

describePostgres('driver operations', () => {
  let db: TestDatabase;
  let project: Project;
  beforeEach(async () => {
    db = await createTestDatabase('ops');
    project = await createProject(db.url);
  });
  afterEach(async () => {
    await project.cleanup();
    await db.drop();
  });

  it('declares its capabilities and creates nothing until used', async () => {
    const driver = project.driver();
    expect(driver.name).toBe('postgres');
    expect(driver.capabilities).toEqual({ transactionalDdl: true, serverSideLocks: true, partKinds: ['sql'] });
    expect(await driver.store.applied()).toEqual([]);
    expect(await driver.store.history()).toEqual([]);
    expect(await db.tableExists('godwit_migrations')).toBe(false);
  });

  it('ensure is idempotent; writeState records, removes and appends history in one go; history honours limit', async () => {
    const driver = project.driver();
    await driver.store.ensure();
    await driver.store.ensure();
    await driver.writeState(
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
    await driver.writeState({ remove: [2], upsert: [], history: [{ version: 1, name: 'a', direction: 'force' }] }, ctx());
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
    const b = project.driver();
    await b.locker.lock({ timeoutMs: 0 });
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
    expect(await a.apply(step, ctx())).toEqual({ status: 'skipped-concurrent', executionMs: 0 });
  });
});
