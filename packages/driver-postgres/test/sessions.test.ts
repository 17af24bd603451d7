import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { lockKey } from '../src/lock/lock-key.js';
import { createProject, type Project } from './support/project.js';
import { createTestDatabase, describePostgres, type TestDatabase } from './support/postgres.js';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describePostgres('locking and sessions', () => {
  let db: TestDatabase;
  let project: Project;
  let holder: pg.Client | undefined;
  beforeEach(async () => {
    db = await createTestDatabase('lock');
    project = await createProject(db.url, { '000001_one.sql': '-- +goose Up\nCREATE TABLE one (id int);\n' });
  });
  afterEach(async () => {
    await holder?.end().catch(() => undefined);
    holder = undefined;
    await project.cleanup();
    await db.drop();
  });

  async function holdLock(table = 'godwit_migrations'): Promise<number> {
    holder = new pg.Client({ connectionString: db.url, application_name: 'holder-app' });
    holder.on('error', () => undefined);
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(${lockKey('public', table).key})`);
    return (holder as unknown as { processID: number }).processID;
  }

  it('times out waiting for a lock held elsewhere and names the holder', async () => {
    const pid = await holdLock();
    let announced: string | undefined;
    const started = Date.now();
    const m = project.migrator();
    const result = await m.up({ lockTimeoutMs: 500 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(result.error?.code).toBe('LOCK_TIMEOUT');
    expect(result.error?.message).toContain(`held by pid ${pid} (application holder-app`);
    expect(result.error?.message).toMatch(/connected since \d{4}-/);
    expect(await db.tableExists('one')).toBe(false);

    // The qualified spelling of the same table is the same store, so the same lock.
    const driver = project.driver({ table: 'public.godwit_migrations' });
    await expect(
      driver.locker.lock({
        timeoutMs: 100,
        onWait: (h) => {
          announced = h;
        },
      }),
    ).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    expect(announced).toContain(`pid ${pid}`);

    // Another table is another lock.
    const other = project.driver({ table: 'other_migrations' });
    await other.locker.lock({ timeoutMs: 0 });
    await other.locker.unlock();
  });

  it('takes the lock as soon as the holder lets go', async () => {
    await holdLock();
    setTimeout(() => void holder?.query(`SELECT pg_advisory_unlock_all()`), 300);
    const result = await project.migrator().up({ lockTimeoutMs: 10_000 });
    expect(result.error).toBeUndefined();
    expect(result.after).toBe(1);
  });

  it('releases the lock on every path: success, failure and lock timeout', async () => {
    const probe = project.driver();
    const free = async () => {
      await probe.locker.lock({ timeoutMs: 0 });
      await probe.locker.unlock();
    };
    expect((await project.migrator().up()).ok).toBe(true);
    await free();
    await project.write({ '000002_bad.sql': '-- +goose Up\nSELECT 1/0;\n' });
    expect((await project.migrator().up()).error?.code).toBe('MIGRATION_FAILED');
    await free();
    await project.write({ '000002_bad.sql': '-- +goose Up\nSELECT 1;\n' });
    const slow = project.migrator();
    await probe.locker.lock({ timeoutMs: 0 });
    expect((await slow.up({ lockTimeoutMs: 50 })).error?.code).toBe('LOCK_TIMEOUT');
    await probe.locker.unlock();
    expect((await slow.up({ lockTimeoutMs: 1000 })).error).toBeUndefined();
    await free();
  });

  it('reports clearly when the server terminates the session mid-migration, and a rerun completes', async () => {
    await project.write({ '000002_slow.sql': '-- +goose Up\nCREATE TABLE slow (id int);\nSELECT pg_sleep(30);\n' });
    const running = project.migrator().up();
    const pid = await waitFor('the slow statement', async () => {
      const rows = await db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'");
      return rows[0]?.pid;
    });
    await db.query('SELECT pg_terminate_backend($1)', [pid]);
    const result = await running;
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 3 });
    expect(result.error?.message).toMatch(/^the server ended the session while running migration 2 \(terminating connection due to administrator command\)/);
    expect(result.error?.hint).toMatch(/left no trace/);
    expect(await db.tableExists('slow')).toBe(false);
    expect((await db.query('SELECT version FROM godwit_migrations')).map((r) => r.version)).toEqual(['1']);
    // The failed history row is written on a new session.
    expect(await db.query('SELECT version, success FROM godwit_migrations_history WHERE NOT success')).toEqual([{ version: '2', success: false }]);

    await project.write({ '000002_slow.sql': '-- +goose Up\nCREATE TABLE slow (id int);\nSELECT pg_sleep(0);\n' });
    const rerun = await project.migrator().up();
    expect(rerun.error).toBeUndefined();
    expect(rerun.after).toBe(2);
  });

  it('stops when the lock session is terminated, rather than run unprotected', async () => {
    await project.write({
      '000002_slow.sql': '-- +goose Up\nSELECT pg_sleep(1);\n',
      '000003_after.sql': '-- +goose Up\nCREATE TABLE after_lost (id int);\n',
    });
    const running = project.migrator().up();
    const lockPid = await waitFor('the lock', async () => {
      const rows = await db.query<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted");
      return rows[0]?.pid;
    });
    await db.query('SELECT pg_terminate_backend($1)', [lockPid]);
    const result = await running;
    expect(result.error?.code).toBe('CONNECTION_FAILED');
    expect(result.error?.message).toMatch(/lost the migration lock/);
    expect(await db.tableExists('after_lost')).toBe(false);
  });

  it('shows application_name godwit to the server', async () => {
    const driver = project.driver();
    await driver.locker.lock({ timeoutMs: 1000 });
    const rows = await db.query<{ application_name: string }>(
      "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory'",
    );
    expect(rows).toEqual([{ application_name: 'godwit' }]);
    await driver.locker.unlock();
  });
});
