/** The plugin on a real SQLite file: what runs, fails and waits shows up in its registry. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from './__fixtures__/exposition.js';
import { BROKEN, POSTS, type SqliteProject, USERS, createSqliteProject } from './__fixtures__/sqlite-project.js';
import { createMetricsPlugin } from './plugin.js';

let project: SqliteProject;
beforeEach(async () => {
  project = await createSqliteProject();
});
afterEach(async () => {
  await project.remove();
});

const db = { database: 'sqlite-app' };

describe('createMetricsPlugin', () => {
  it('counts applied and failed steps, times them, and keeps the last success', async () => {
    const clock = { now: 1_700_000_000_000 };
    const plugin = createMetricsPlugin({ database: 'sqlite-app', now: () => clock.now });
    const { migrator } = project.open(plugin);
    await project.write('000001_users.sql', USERS);
    await project.write('000002_posts.sql', POSTS);
    expect((await migrator.up()).ok).toBe(true);
    await plugin.refresh(migrator);

    let m = parseExposition(await plugin.metrics());
    expect(sampleValue(m, 'godwit_migrations_total', { ...db, direction: 'up', result: 'applied' })).toBe(2);
    expect(sampleValue(m, 'godwit_migrations_total', { ...db, direction: 'up', result: 'failed' })).toBe(0);
    expect(sampleValue(m, 'godwit_migration_duration_seconds_count', { ...db, direction: 'up' })).toBe(2);
    expect(sampleValue(m, 'godwit_migration_duration_seconds_bucket', { ...db, direction: 'up', le: '+Inf' })).toBe(2);
    expect(sampleValue(m, 'godwit_schema_version', db)).toBe(2);
    expect(sampleValue(m, 'godwit_pending_migrations', db)).toBe(0);
    expect(sampleValue(m, 'godwit_dirty', db)).toBe(0);
    expect(sampleValue(m, 'godwit_last_success_timestamp_seconds', db)).toBe(1_700_000_000);
    expect(sampleValue(m, 'godwit_lock_wait_seconds', db)).toBeGreaterThanOrEqual(0);
    expect(sampleValue(m, 'godwit_run_duration_seconds', db)).toBeGreaterThanOrEqual(0);

    // A failing migration: counted as failed, the last success stays where it was.
    clock.now += 60_000;
    await project.write('000003_broken.sql', BROKEN);
    const failed = await migrator.up();
    expect(failed.ok).toBe(false);
    await plugin.refresh(migrator);
    m = parseExposition(await plugin.metrics());
    expect(sampleValue(m, 'godwit_migrations_total', { ...db, direction: 'up', result: 'failed' })).toBe(1);
    expect(sampleValue(m, 'godwit_migrations_total', { ...db, direction: 'up', result: 'applied' })).toBe(2);
    expect(sampleValue(m, 'godwit_last_success_timestamp_seconds', db)).toBe(1_700_000_000);
    expect(sampleValue(m, 'godwit_pending_migrations', db)).toBe(1);
    expect(sampleValue(m, 'godwit_schema_version', db)).toBe(2);
  });

  it('counts roll-backs by direction', async () => {
    const { migrator, plugin } = project.open();
    await project.write('000001_users.sql', USERS);
    await migrator.up();
    await migrator.down();
    const m = parseExposition(await plugin.metrics());
    expect(sampleValue(m, 'godwit_migrations_total', { ...db, direction: 'down', result: 'applied' })).toBe(1);
    expect(sampleValue(m, 'godwit_schema_version', db)).toBe(0);
  });

  it('a dry run records no run and no success', async () => {
    const { migrator, plugin } = project.open();
    await project.write('000001_users.sql', USERS);
    expect((await migrator.up({ dryRun: true })).ok).toBe(true);
    const m = parseExposition(await plugin.metrics());
    expect(sampleValue(m, 'godwit_last_success_timestamp_seconds', db)).toBeUndefined();
    expect(sampleValue(m, 'godwit_run_duration_seconds', db)).toBeUndefined();
    expect(sampleValue(m, 'godwit_migrations_total', { ...db, direction: 'up', result: 'applied' })).toBe(0);
  });

  it('keeps its own registry: two plugins do not share series', async () => {
    const a = createMetricsPlugin({ database: 'a' });
    const b = createMetricsPlugin({ database: 'b' });
    expect(a.registry).not.toBe(b.registry);
    expect(await a.metrics()).not.toContain('database="b"');
  });
});
