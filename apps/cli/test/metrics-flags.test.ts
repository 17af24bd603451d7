/**
 * --metrics-file and --metrics-push on the built binary with a real SQLite file: the textfile
 * parses as exposition format, and a real Pushgateway serves back what `up` pushed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../../../packages/plugin-metrics/src/__fixtures__/exposition.js';
import { hasPushgateway, type RunningPushgateway, startPushgateway } from '../../../packages/plugin-metrics/src/__fixtures__/pushgateway.js';
import { writeSampleMigrations, projectPerTest } from './helpers.js';

const project = projectPerTest();

const db = { database: 'sqlite:./app.db' };

describe('--metrics-file', () => {
  it('writes the run and the state for node_exporter, after success and after failure', async () => {
    await writeSampleMigrations(project);
    const r = await project.godwit('up', '--metrics-file', 'godwit.prom');
    expect(r.code).toBe(0);
    let m = parseExposition(await readFile(join(project.dir, 'godwit.prom'), 'utf8'));
    expect(sampleValue(m, 'godwit_migrations_total', { ...db, direction: 'up', result: 'applied' })).toBe(3);
    expect(sampleValue(m, 'godwit_schema_version', db)).toBe(3);
    expect(sampleValue(m, 'godwit_pending_migrations', db)).toBe(0);
    expect(sampleValue(m, 'godwit_dirty', db)).toBe(0);
    expect(sampleValue(m, 'godwit_last_success_timestamp_seconds', db)).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(sampleValue(m, 'godwit_lock_wait_seconds', db)).toBeGreaterThanOrEqual(0);

    await project.write('migrations/000004_broken.sql', '-- +goose Up\nINSERT INTO no_such_table VALUES (1);\n');
    const failed = await project.godwit('up', '--metrics-file', 'godwit.prom');
    expect(failed.code).toBe(1);
    m = parseExposition(await readFile(join(project.dir, 'godwit.prom'), 'utf8'));
    expect(sampleValue(m, 'godwit_migrations_total', { ...db, direction: 'up', result: 'failed' })).toBe(1);
    expect(sampleValue(m, 'godwit_pending_migrations', db)).toBe(1);
    expect(sampleValue(m, 'godwit_last_success_timestamp_seconds', db)).toBeUndefined();
    expect((await readdir(project.dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('an unwritable path is reported but does not turn a good run into a failure', async () => {
    await writeSampleMigrations(project);
    const r = await project.godwit('up', '--metrics-file', 'no/such/folder/godwit.prom');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/could not write the metrics file no\/such\/folder\/godwit\.prom: ENOENT/);
  });

  it('prints no progress line when stderr is not a terminal', async () => {
    await writeSampleMigrations(project);
    const r = await project.godwit('up');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('\x1b[2K');
    expect(r.stdout).toContain('applied');
  });
});

describe.skipIf(!hasPushgateway)('--metrics-push to a real Pushgateway', () => {
  let gateway: RunningPushgateway;
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('pushes the run grouped by job and database', async () => {
    await writeSampleMigrations(project);
    const r = await project.godwit('up', '--metrics-push', gateway.url);
    expect(r.code).toBe(0);
    const m = parseExposition(await gateway.scrape());
    const group = { job: 'godwit', ...db };
    expect(sampleValue(m, 'godwit_migrations_total', { ...group, direction: 'up', result: 'applied' })).toBe(3);
    expect(sampleValue(m, 'godwit_schema_version', group)).toBe(3);
    expect(sampleValue(m, 'godwit_pending_migrations', group)).toBe(0);
  });

  it('a bad URL is bad usage, before anything runs', async () => {
    await writeSampleMigrations(project);
    const r = await project.godwit('up', '--metrics-push', 'pushgateway:9091');
    expect(r.code).toBe(2);
    expect(project.userTables()).toEqual([]);
  });
});
