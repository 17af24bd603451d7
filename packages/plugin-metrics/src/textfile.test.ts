/** The node_exporter textfile: strict exposition format, written by rename, clear errors. */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GodwitError } from '@godwit/core';
import { parseExposition, sampleValue } from './__fixtures__/exposition.js';
import { POSTS, type SqliteProject, USERS, createSqliteProject } from './__fixtures__/sqlite-project.js';
import { writeMetricsFile } from './textfile.js';

let project: SqliteProject;
beforeEach(async () => {
  project = await createSqliteProject();
});
afterEach(async () => {
  await project.remove();
});

describe('writeMetricsFile', () => {
  it('writes a file that parses as Prometheus exposition format, leaving no temporary file', async () => {
    const { migrator, plugin } = project.open();
    await project.write('000001_users.sql', USERS);
    await project.write('000002_posts.sql', POSTS);
    await migrator.up();
    await plugin.refresh(migrator);
    const folder = join(project.dir, 'textfile');
    await mkdir(folder);
    const path = join(folder, 'godwit.prom');
    await writeFile(path, 'stale content from the last run\n');

    await writeMetricsFile(plugin.registry, path);

    const text = await readFile(path, 'utf8');
    const m = parseExposition(text);
    expect(m.get('godwit_migrations_total')?.type).toBe('counter');
    expect(m.get('godwit_migration_duration_seconds')?.type).toBe('histogram');
    expect(m.get('godwit_schema_version')?.type).toBe('gauge');
    expect(sampleValue(m, 'godwit_schema_version', { database: 'sqlite-app' })).toBe(2);
    expect(sampleValue(m, 'godwit_migrations_total', { database: 'sqlite-app', direction: 'up', result: 'applied' })).toBe(2);
    expect(text).not.toContain('stale');
    expect(await readdir(folder)).toEqual(['godwit.prom']);
  });

  it('the strict reader rejects what is not exposition format', () => {
    expect(() => parseExposition('godwit_x 1\n')).toThrow(/without a TYPE/);
    expect(() => parseExposition('# TYPE godwit_x gauge\ngodwit_x{a="1} 1\n')).toThrow(/bad/);
    expect(() => parseExposition('# TYPE godwit_x gauge\ngodwit_x one\n')).toThrow(/bad/);
  });

  it('an unwritable folder is a clear error and leaves nothing behind', async () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: use a path whose folder does not exist instead
      const err = await writeMetricsFile(project.open().plugin.registry, join(project.dir, 'nope', 'godwit.prom')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GodwitError);
      expect((err as GodwitError).message).toMatch(/could not write the metrics file .*nope\/godwit\.prom: ENOENT/);
      return;
    }
    const folder = await mkdtemp(join(tmpdir(), 'godwit-ro-'));
    await chmod(folder, 0o500);
    try {
      const err = await writeMetricsFile(project.open().plugin.registry, join(folder, 'godwit.prom')).catch((e: unknown) => e);
      expect((err as GodwitError).message).toMatch(/EACCES/);
      expect(await readdir(folder)).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
