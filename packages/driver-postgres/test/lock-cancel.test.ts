/**
 * Cancelling a wait for the migration lock (Ctrl-C, --timeout) ends it even when the cancel
 * reaches the server while the lock's session is idle, between `SET lock_timeout` and
 * `pg_advisory_lock`: a single pg_cancel_backend would find nothing to cancel there, and the wait
 * would last its whole lock timeout.
 */
import { describePostgres } from '@godwit/test-kit/postgres';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { createPostgresDriver } from '../src/index.js';
import { lockKey } from '../src/lock/lock-key.js';
import { perTestProject } from './support/project.js';

describePostgres('cancelling a lock wait', () => {
  const { db } = perTestProject('lock_cancel', {});
  const original = pg.Client.prototype.query;
  let holder: pg.Client | undefined;
  afterEach(async () => {
    pg.Client.prototype.query = original;
    await holder?.end().catch(() => undefined);
    holder = undefined;
  });

  it('a cancel that lands while the session is idle still ends the wait', { timeout: 30_000 }, async () => {
    holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(${lockKey('public', 'godwit_migrations').key})`);

    const controller = new AbortController();
    // The abort comes right after SET lock_timeout, and pg_advisory_lock is sent only 300 ms
    // later: the first cancel finds the session idle.
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0] as string | { text?: string };
      const text = typeof q === 'string' ? q : (q?.text ?? '');
      const run = () => (original as (...a: unknown[]) => unknown).apply(this, args);
      if (text.startsWith('SET lock_timeout')) return (run() as Promise<unknown>).then((r) => (controller.abort(), r));
      if (text.startsWith('SELECT pg_advisory_lock(')) return new Promise((resolve) => setTimeout(resolve, 300)).then(run);
      return run();
    } as typeof original;

    const driver = createPostgresDriver({ url: db.url });
    try {
      // A lock timeout far beyond the test's own: only a working cancel lets this settle in time.
      await expect(driver.locker.lock({ timeoutMs: 600_000, signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    } finally {
      pg.Client.prototype.query = original;
      await driver.close();
    }
  });
});
