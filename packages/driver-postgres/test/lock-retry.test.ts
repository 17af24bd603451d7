/**
 * Lock-timeout retries on a real server: a second connection holds an ACCESS EXCLUSIVE lock on
 * the table a migration alters. With `lock_timeout=500ms retries=10` the migration gives up
 * waiting, retries (a `lock-retry` event each time) and succeeds once the holder lets go after
 * 3 s; with `retries=1` it fails after 2 tries, naming the holder from pg_locks.
 */
import { createMigrator, type GodwitEvent } from '@godwit/core';
import { perTest } from '@godwit/test-kit/per-test';
import { createTestDatabase, describePostgres } from '@godwit/test-kit/postgres';
import { tempDir } from '@godwit/test-kit/temp';
import pg from 'pg';
import { expect, it } from 'vitest';
import { createPostgresDriver } from '../src/index.js';

const HOLDER_APP = 'godwit-lock-holder';
const migration = (retries: number) =>
  `-- +goose Up\n-- +godwit lock_timeout=500ms retries=${retries} retry_delay=200ms\nALTER TABLE accounts ADD COLUMN note text;\n`;

describePostgres('lock_timeout with retries', () => {
  const db = perTest(() => createTestDatabase('lockretry'), (d) => d.drop());
  const folder = perTest(() => tempDir('pg-lock-retry'), (p) => p.remove());
  const driver = perTest(
    async () => createPostgresDriver({ url: db.url }),
    (d) => d.close(),
  );

  async function holdLock(): Promise<pg.Client> {
    await db.query('CREATE TABLE accounts (id bigint)');
    const holder = new pg.Client({ connectionString: db.url, application_name: HOLDER_APP });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE');
    return holder;
  }
  const hasNote = async () =>
    (await db.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'note'")).length === 1;

  it('retries a migration blocked by a lock held for 3 s, and succeeds', async () => {
    await folder.write({ '000001_note.sql': migration(10) });
    const events: GodwitEvent[] = [];
    const migrator = createMigrator({ driver, dir: folder.dir, appliedBy: 'test@host', onEvent: (e) => events.push(e) });
    const holder = await holdLock();
    const release = setTimeout(() => void holder.query('COMMIT').finally(() => holder.end()), 3000);
    try {
      const result = await migrator.up();
      expect(result.error?.message).toBeUndefined();
      const retries = events.filter((e) => e.event === 'lock-retry');
      expect(retries.length).toBeGreaterThanOrEqual(2);
      expect(retries[0]).toMatchObject({ version: 1, tries: 1, retries: 10, error: 'canceling statement due to lock timeout' });
      expect(await hasNote()).toBe(true);
    } finally {
      clearTimeout(release);
      await holder.end().catch(() => undefined);
    }
  });

  it('with retries=1 fails after 2 tries, naming the lock holder', async () => {
    await folder.write({ '000001_note.sql': migration(1) });
    const migrator = createMigrator({ driver, dir: folder.dir, appliedBy: 'test@host' });
    const holder = await holdLock();
    try {
      const result = await migrator.up();
      const error = result.error!;
      expect([error.code, error.line]).toEqual(['MIGRATION_FAILED', 3]);
      expect(error.message).toContain('canceling statement due to lock timeout (gave up after 2 tries; lock held by pid ');
      expect(error.message).toContain(`application "${HOLDER_APP}"`);
      expect(error.message).toMatch(/query started \d{4}-\d\d-\d\dT/);
      expect(error.message).toContain('locks accounts');
      expect(error.data).toMatchObject({ sqlstate: '55P03', tries: 2 });
      // transactional: rolled back whole, nothing recorded
      expect(await hasNote()).toBe(false);
      expect((await migrator.status()).current).toBe(0);
    } finally {
      await holder.end().catch(() => undefined);
    }
  });
});
