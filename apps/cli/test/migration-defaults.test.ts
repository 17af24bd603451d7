/**
 * `migrationDefaults` in the config: limits for every migration that has no `-- +godwit` line of
 * its own. On real PostgreSQL a second connection holds a lock the migration needs; with the
 * config's `lockTimeout: 300ms, retries: 1` the run gives up after 2 tries (without the defaults
 * it would wait for the run's --lock-timeout), and a migration's own directive still wins.
 */
import { runCli } from '@godwit/test-kit/cli';
import { perTest } from '@godwit/test-kit/per-test';
import { admin, createTestDatabase, describePostgres } from '@godwit/test-kit/postgres';
import { tempDir } from '@godwit/test-kit/temp';
import { expect, it } from 'vitest';

describePostgres('config migrationDefaults', () => {
  const db = perTest(() => createTestDatabase('cli_defaults'), (d) => d.drop());
  const project = perTest(() => tempDir('cli-defaults'), (p) => p.remove());

  it('apply to every migration without its own limits; a directive wins', async () => {
    await db.query('CREATE TABLE accounts (id bigint)');
    await project.write({
      'godwit.config.json': JSON.stringify({ migrationDefaults: { lockTimeout: '300ms', retries: 1, retryDelay: '100ms' } }),
      'migrations/000001_note.sql': '-- +goose Up\nALTER TABLE accounts ADD COLUMN note text;\n',
    });
    // The holder's connection keeps its lock for as long as the body runs.
    await admin(async (holder) => {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE');
      const godwit = (...args: string[]) => runCli(['--database', db.url, '--dir', 'migrations', '--lock-timeout', '2m', ...args], { cwd: project.dir });
      const failed = await godwit('up');
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('canceling statement due to lock timeout (gave up after 2 tries;');

      await project.write({ 'migrations/000001_note.sql': '-- +goose Up\n-- +godwit retries=0\nALTER TABLE accounts ADD COLUMN note text;\n' });
      const own = await godwit('up');
      expect(own.code).toBe(1);
      // its own retries=0 wins; the config's lock timeout still applies (it gave up fast, not after 2m)
      expect(own.stderr).toContain('canceling statement due to lock timeout (gave up after 1 try;');
    }, db.url);
  });
});
