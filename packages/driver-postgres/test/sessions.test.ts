import { closedGate, describePostgres } from '@godwit/test-kit/postgres';
import { waitFor } from '@godwit/test-kit/wait';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { lockKey } from '../src/lock/lock-key.js';
import { perTestProject } from './support/project.js';

describePostgres('locking and sessions', () => {
  const { db, project } = perTestProject('lock', { '000001_one.sql': '-- +goose Up\nCREATE TABLE one (id int);\n' });
  let holder: pg.Client | undefined;
  afterEach(async () => {
    await holder?.end().catch(() => undefined);
    holder = undefined;
  });

  async function holdLock(table = 'godwit_migrations'): Promise<number> {
    holder = new pg.Client({ connectionString: db.url, application_name: 'holder-app' });
    holder.on('error', () => undefined);
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(${lockKey('public', table).key})`);
    return (holder as unknown as { processID: number }).processID;
  }

  /** the backend pid of one session of this test's database that matches `where` */
  const session = (what: string, where: string) =>
    waitFor(what, async () => (await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND ${where}`))[0]?.pid);

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
    const running = project.migrator().up({ lockTimeoutMs: 60_000 });
    // Let go only once the runner is waiting for the lock on the server.
    await session('the runner waiting for the lock', "wait_event_type = 'Lock' AND query LIKE 'SELECT pg_advisory_lock(%'");
    await holder?.query('SELECT pg_advisory_unlock_all()');
    const result = await running;
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
    const pid = await session('the slow statement', "query = 'SELECT pg_sleep(30)' AND state = 'active'");
    await db.query('SELECT pg_terminate_backend($1)', [pid]);
    const result = await running;
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 3 });
    expect(result.error?.message).toMatch(/^the database ended the session while running migration 2 \(terminating connection due to administrator command\)/);
    expect(result.error?.hint).toMatch(/migration 2 was rolled back and left no trace/);
    expect(result.error?.data).toMatchObject({ sqlstate: '57P01', statementsDone: 1, statements: 2, statement: 'SELECT pg_sleep(30)' });
    expect(await db.tableExists('slow')).toBe(false);
    expect((await db.query('SELECT version FROM godwit_migrations')).map((r) => r.version)).toEqual(['1']);
    // The failed history row is written on a new session.
    expect(await db.query('SELECT version, success FROM godwit_migrations_history WHERE NOT success')).toEqual([{ version: '2', success: false }]);

    await project.write({ '000002_slow.sql': '-- +goose Up\nCREATE TABLE slow (id int);\nSELECT pg_sleep(0);\n' });
    const rerun = await project.migrator().up();
    expect(rerun.error).toBeUndefined();
    expect(rerun.after).toBe(2);
  });

  it('--single-transaction: a session the server ends mid-run keeps nothing of the run', async () => {
    await project.write({ '000002_slow.sql': '-- +goose Up\nCREATE TABLE slow (id int);\nSELECT pg_sleep(30);\n' });
    const running = project.migrator({ singleTransaction: true }).up();
    const pid = await session('the slow statement', "query = 'SELECT pg_sleep(30)' AND state = 'active'");
    await db.query('SELECT pg_terminate_backend($1)', [pid]);
    const result = await running;
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 3 });
    expect(result.error?.message).toMatch(/^the database ended the session while running migration 2 \(terminating connection/);
    expect(result.error?.hint).toMatch(/the 1 migration\(s\) applied before it in this run were rolled back too/);
    expect(result.results.map((r) => [r.version, r.status])).toEqual([
      [1, 'rolled-back'],
      [2, 'failed'],
    ]);
    for (const t of ['one', 'slow']) expect(await db.tableExists(t)).toBe(false);
    expect(await db.query('SELECT version FROM godwit_migrations')).toEqual([]);
    expect(await db.query('SELECT version, success FROM godwit_migrations_history')).toEqual([{ version: '2', success: false }]);
  });

  it('stops when the lock session is terminated, rather than run unprotected', async () => {
    // Migration 2 waits at a gate the test holds: the run is surely mid-migration, for as long as
    // it takes to end its lock session, however slow the machine.
    const gate = await closedGate(db);
    try {
      await project.write({
        '000002_slow.sql': `-- +goose Up\n${gate.sql};\n`,
        '000003_after.sql': '-- +goose Up\nCREATE TABLE after_lost (id int);\n',
      });
      const running = project.migrator().up();
      await waitFor('migration 2 at the gate', gate.waiter);
      const lockPid = await session(
        'the lock session',
        "application_name = 'godwit' AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)",
      );
      await db.query('SELECT pg_terminate_backend($1)', [lockPid]);
      await waitFor('the lock session to end', async () => (await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [lockPid])).length === 0);
      await gate.open();
      const result = await running;
      expect(result.error?.code).toBe('CONNECTION_FAILED');
      expect(result.error?.message).toMatch(/lost the migration lock/);
      expect(await db.tableExists('after_lost')).toBe(false);
    } finally {
      await gate.open();
    }
  });

  it('shows application_name godwit to the server', async () => {
    const driver = project.driver();
    await driver.locker.lock({ timeoutMs: 1000 });
    const rows = await db.query<{ application_name: string }>(
      "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND a.datname = current_database()",
    );
    expect(rows).toEqual([{ application_name: 'godwit' }]);
    await driver.locker.unlock();
  });
});
