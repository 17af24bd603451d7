/**
 * The lease lock against the real server: contention names the holder, a crashed holder's lock
 * expires and is taken over, a live holder keeps it by refreshing, a lost lock stops writes.
 */
import { createMigrator, type Driver, type Plugin } from '@godwit/core';
import { describeMongo, freshDatabase, type TestDatabase } from '@godwit/test-kit/mongodb';
import { tempDir } from '@godwit/test-kit/temp';
import { waitFor } from '@godwit/test-kit/wait';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createMongoDriver } from '../src/index.js';
import { readStore } from './support/store.js';

describeMongo('the MongoDB lock', () => {
  let database: TestDatabase;
  const drivers: Driver[] = [];
  const driver = (options: { lockTtlMs?: number; lockRefreshMs?: number } = {}) => {
    const d = createMongoDriver({ url: database.url, ...options });
    drivers.push(d);
    return d;
  };
  const lockDoc = () =>
    database.db
      .collection<{ _id: string; owner: string; acquired_at: Date; expires_at: Date }>('godwit_migrations_lock')
      .findOne({ _id: 'godwit_migrations' });

  beforeEach(async () => {
    database = await freshDatabase('godwit_lock');
  });
  afterEach(async () => {
    for (const d of drivers.splice(0)) await d.close();
    await database.drop();
  });

  it('a second runner waits, then times out naming the holder and when its lock expires', async () => {
    const a = driver();
    const b = driver();
    await a.locker.lock({ timeoutMs: 1_000 });
    const held = await lockDoc();
    expect(held?.owner).toMatch(new RegExp(`^.+@.+ pid ${process.pid} #[0-9a-f]{6}$`));
    let told: string | undefined;
    const started = Date.now();
    const error = await b.locker.lock({ timeoutMs: 500, onWait: (h) => (told = h) }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(480);
    expect(told).toBe(held?.owner);
    expect(error).toMatchObject({
      code: 'LOCK_TIMEOUT',
      message: `could not take the migration lock within 0.5s: held by ${held?.owner} since ${held?.acquired_at.toISOString()}`,
    });
    expect((error as { hint: string }).hint).toContain(`its lock expires at ${held?.expires_at.toISOString()}`);
    await a.locker.unlock();
    expect(await lockDoc()).toBeNull();
    await b.locker.lock({ timeoutMs: 1_000 });
    expect((await lockDoc())?.owner).not.toBe(held?.owner);
  });

  it("takes over a crashed runner's expired lock at once", async () => {
    await database.db.collection('godwit_migrations_lock').insertOne({
      _id: 'godwit_migrations' as never,
      owner: 'ci@runner-7 pid 4242 #dead00',
      acquired_at: new Date(Date.now() - 120_000),
      expires_at: new Date(Date.now() - 90_000),
    });
    const d = driver();
    let waited = false;
    // a generous timeout: `waited` is what shows it did not wait
    await d.locker.lock({ timeoutMs: 10_000, onWait: () => (waited = true) });
    expect(waited).toBe(false);
    expect((await lockDoc())?.owner).toMatch(new RegExp(`pid ${process.pid} `));
  });

  it('waits for a lock that stops being refreshed to expire, then takes it', async () => {
    const expiresAt = new Date(Date.now() + 1_000);
    await database.db.collection('godwit_migrations_lock').insertOne({
      _id: 'godwit_migrations' as never,
      owner: 'ci@runner-7 pid 4242 #dead00',
      acquired_at: new Date(),
      expires_at: expiresAt,
    });
    const d = driver();
    let told: string | undefined;
    await d.locker.lock({ timeoutMs: 30_000, onWait: (h) => (told = h) });
    expect(told).toBe('ci@runner-7 pid 4242 #dead00');
    // Not before the expiry; and soon after it, well within the 30 s it was willing to wait
    // (measured from the expiry, not from a start time a slow insert would have pushed back).
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect(Date.now() - expiresAt.getTime()).toBeLessThan(15_000);
  });

  it('a live holder keeps its lock past the TTL by refreshing it', async () => {
    // b tries for twice the TTL; a refreshes twenty times per TTL, so only a refresh held up for
    // most of two seconds (not a busy machine, a broken refresh) would let b in.
    const a = driver({ lockTtlMs: 2_000, lockRefreshMs: 100 });
    const b = driver({ lockTtlMs: 2_000, lockRefreshMs: 100 });
    await a.locker.lock({ timeoutMs: 1_000 });
    const first = (await lockDoc())?.expires_at.getTime() ?? 0;
    await expect(b.locker.lock({ timeoutMs: 4_000 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    const later = (await lockDoc())?.expires_at.getTime() ?? 0;
    expect(first).toBeGreaterThan(0);
    expect(later).toBeGreaterThan(first);
    await a.locker.unlock();
    await b.locker.lock({ timeoutMs: 1_000 });
  });

  it('a runner whose lock was taken from it stops writing', async () => {
    const folder = await tempDir('mongo-lock', { '000001_a.up.json': '[{ "create": "a" }]', '000002_b.up.json': '[{ "create": "b" }]' });
    const a = driver({ lockTtlMs: 5_000, lockRefreshMs: 50 });
    // Between the two steps another runner takes the lock, and a refresh of a's finds out.
    const thief: Plugin = {
      name: 'thief',
      async beforeMigration(step) {
        if (step.migration.version !== 2) return;
        await database.db
          .collection('godwit_migrations_lock')
          .updateOne({ _id: 'godwit_migrations' as never }, { $set: { owner: 'thief@elsewhere pid 1 #000000' } });
        await waitFor('the runner to find its lock taken', () => {
          try {
            a.locker.assertHeld?.();
            return false;
          } catch {
            return true;
          }
        });
      },
    };
    try {
      const result = await createMigrator({ driver: a, dir: folder.dir, appliedBy: 't@t', plugins: [thief] }).up();
      expect(result.results.map((r) => [r.version, r.status])).toEqual([
        [1, 'applied'],
        [2, 'failed'],
      ]);
      expect(result.error).toMatchObject({
        code: 'LOCK_LOST',
        message: expect.stringMatching(/^lost the migration lock: .*thief@elsewhere pid 1 #000000 took it/),
      });
      // Nothing of step 2: no command, no record, no history.
      expect(await database.collections()).not.toContain('b');
      const { applied, history } = await readStore(database.url);
      expect(applied.map((r) => r.version)).toEqual([1]);
      expect(history.map((h) => h.version)).toEqual([1]);
    } finally {
      await folder.remove();
    }
  });

  it('closing a driver that still holds the lock releases it', async () => {
    const a = driver();
    await a.locker.lock({ timeoutMs: 1_000 });
    await a.close();
    expect(await lockDoc()).toBeNull();
  });

  it('rejects a refresh interval that does not fit in the TTL', () => {
    expect(() => createMongoDriver({ url: database.url, lockTtlMs: 1_000, lockRefreshMs: 1_000 })).toThrow(
      expect.objectContaining({ code: 'USAGE', message: 'lockRefreshMs (1000) must be below lockTtlMs (1000)' }),
    );
  });
});
