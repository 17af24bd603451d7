/** --dry-run prints the plan and every statement, and changes nothing: no file, no lock, no rows. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { appliedVersions, parseJson, writeSampleMigrations, projectPerTest } from './helpers.js';

const project = projectPerTest(writeSampleMigrations);

it('up --dry-run on a new database prints every statement with file:line and creates nothing', async () => {
  const r = await project.godwit('up', '--dry-run');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('dry run of up: 3 step(s), version 0 -> 3; nothing was changed');
  expect(r.stdout).toContain('up 000001_create_users (in a transaction)\n  migrations/000001_create_users.sql:2\n    CREATE TABLE users');
  expect(r.stdout).toContain('  migrations/000002_add_email.up.sql:1\n    ALTER TABLE users ADD COLUMN email TEXT');
  // the StatementBegin/End block is one statement, starting on its own line
  expect(r.stdout).toMatch(/ {2}migrations\/000003_create_posts\.sql:5\n {4}CREATE TRIGGER posts_title AFTER INSERT ON posts\n {4}BEGIN\n/);
  expect(existsSync(project.dbFile)).toBe(false);
});

it('down --dry-run on a migrated database shows the down statements and changes no row', async () => {
  expect((await project.godwit('up')).code).toBe(0);
  const before = await readFile(project.dbFile);
  const historyBefore = project.query('SELECT * FROM godwit_migrations_history');
  const r = await project.godwit('reset', '--dry-run', '--json');
  expect(r.code).toBe(0);
  const doc = parseJson(r.stdout);
  expect(doc).toMatchObject({ ok: true, dryRun: true, before: 3, after: 0 });
  expect(doc.results.map((s: { version: number; status: string }) => [s.version, s.status])).toEqual([
    [3, 'planned'],
    [2, 'planned'],
    [1, 'planned'],
  ]);
  expect(doc.results[0].statements).toEqual([{ text: expect.stringContaining('DROP TABLE posts'), file: 'migrations/000003_create_posts.sql', line: 12 }]);
  expect(appliedVersions(project)).toEqual([1, 2, 3]);
  expect(project.query('SELECT * FROM godwit_migrations_history')).toEqual(historyBefore);
  expect((await readFile(project.dbFile)).equals(before)).toBe(true);
});
