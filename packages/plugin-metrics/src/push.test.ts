/** Pushing to a real Pushgateway (started by the test on a free local port) and reading it back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GodwitError } from '@godwit/core';
import { parseExposition, sampleValue } from './__fixtures__/exposition.js';
import { hasPushgateway, type RunningPushgateway, startPushgateway } from './__fixtures__/pushgateway.js';
import { POSTS, USERS, createSqliteProject } from './__fixtures__/sqlite-project.js';
import { createMetricsPlugin } from './plugin.js';
import { pushMetrics, pushUrl } from './push.js';

describe('pushUrl', () => {
  it('groups by job and database, the database base64url-encoded (ids and paths may hold /)', () => {
    expect(pushUrl({ url: 'http://gw:9091', database: 'sqlite:./data/app.db' })).toBe(
      `http://gw:9091/metrics/job/godwit/database@base64/${Buffer.from('sqlite:./data/app.db').toString('base64url')}=`,
    );
    expect(pushUrl({ url: 'http://gw:9091/prefix/', job: 'deploy', database: 'ab' })).toBe(
      'http://gw:9091/prefix/metrics/job/deploy/database@base64/YWI=',
    );
  });

  it('refuses what is not an http(s) URL, with the password masked', () => {
    expect(() => pushUrl({ url: 'gw:9091', database: 'x' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => pushUrl({ url: 'not a url', database: 'x' })).toThrow(/not a URL/);
  });
});

describe.skipIf(!hasPushgateway)('pushMetrics to a real Pushgateway', () => {
  let gateway: RunningPushgateway;
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('pushes a run on a real SQLite file; the gateway serves it back under job and database', async () => {
    const project = await createSqliteProject();
    try {
      const { migrator, plugin } = project.open(createMetricsPlugin({ database: 'sqlite/app' }));
      await project.write('000001_users.sql', USERS);
      await project.write('000002_posts.sql', POSTS);
      expect((await migrator.up()).ok).toBe(true);
      await plugin.refresh(migrator);
      await pushMetrics(plugin.registry, { url: gateway.url, database: plugin.database });

      const m = parseExposition(await gateway.scrape());
      const group = { job: 'godwit', database: 'sqlite/app' };
      expect(sampleValue(m, 'godwit_migrations_total', { ...group, direction: 'up', result: 'applied' })).toBe(2);
      expect(sampleValue(m, 'godwit_schema_version', group)).toBe(2);
      expect(sampleValue(m, 'godwit_pending_migrations', group)).toBe(0);
      expect(sampleValue(m, 'godwit_dirty', group)).toBe(0);
      expect(sampleValue(m, 'godwit_migration_duration_seconds_count', { ...group, direction: 'up' })).toBe(2);
      expect(sampleValue(m, 'godwit_last_success_timestamp_seconds', group)).toBeGreaterThan(1_600_000_000);
      // the gateway's own record of the push
      expect(sampleValue(m, 'push_failure_time_seconds', group)).toBe(0);
    } finally {
      await project.remove();
    }
  });

  it('a second database is a second group; pushing again replaces its own group only', async () => {
    const a = createMetricsPlugin({ database: 'db-a' });
    const b = createMetricsPlugin({ database: 'db-b' });
    a.observe({ ok: false, current: 3, latest: 4, pending: 1, pendingVersions: [4], dirty: false, problems: [] });
    b.observe({ ok: false, current: 7, latest: 7, pending: 0, pendingVersions: [], dirty: true, problems: [] });
    await pushMetrics(a.registry, { url: gateway.url, database: 'db-a' });
    await pushMetrics(b.registry, { url: gateway.url, database: 'db-b' });
    a.observe({ ok: true, current: 4, latest: 4, pending: 0, pendingVersions: [], dirty: false, problems: [] });
    await pushMetrics(a.registry, { url: gateway.url, database: 'db-a' });

    const m = parseExposition(await gateway.scrape());
    expect(sampleValue(m, 'godwit_schema_version', { job: 'godwit', database: 'db-a' })).toBe(4);
    expect(sampleValue(m, 'godwit_pending_migrations', { job: 'godwit', database: 'db-a' })).toBe(0);
    expect(sampleValue(m, 'godwit_schema_version', { job: 'godwit', database: 'db-b' })).toBe(7);
    expect(sampleValue(m, 'godwit_dirty', { job: 'godwit', database: 'db-b' })).toBe(1);
  });

  it("a URL that is not the gateway's push API is a clear error", async () => {
    const plugin = createMetricsPlugin({ database: 'x' });
    const err = await pushMetrics(plugin.registry, { url: `${gateway.url}/not-here`, database: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GodwitError);
    expect((err as GodwitError).code).toBe('CONNECTION_FAILED');
    expect((err as GodwitError).message).toMatch(/refused the metrics: 404/);
  });
});

describe('pushMetrics without a gateway', () => {
  it('says it could not connect, without the password', async () => {
    const plugin = createMetricsPlugin({ database: 'x' });
    const err = await pushMetrics(plugin.registry, { url: 'http://user:s3cret@127.0.0.1:1', database: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GodwitError);
    expect((err as GodwitError).message).toMatch(/^could not push metrics to http:\/\/user:\*\*\*\*@127\.0\.0\.1:1/);
    expect((err as GodwitError).message).not.toContain('s3cret');
  });
});
