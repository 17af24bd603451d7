/**
 * Down across an up-only migration through the built binary: refused by default, naming the file
 * and the flag; `--allow-irreversible` records it rolled back without running anything, and the
 * history says so.
 */
import { perTest } from '@godwit/test-kit/per-test';
import { expect, it } from 'vitest';
import { createProject } from './helpers.js';

const project = perTest(createProject, (p) => p.remove());

it('down --allow-irreversible records an up-only migration as rolled back and says so', async () => {
  await project.write('migrations/000001_keep.sql', '-- +goose Up\nCREATE TABLE keep (n int);\n');
  expect((await project.godwit('up')).code).toBe(0);

  const refused = await project.godwit('down');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('000001_keep.sql');
  expect(refused.stderr).toContain('--allow-irreversible');

  const dry = await project.godwit('down', '--allow-irreversible', '--dry-run');
  expect(dry.code).toBe(0);
  expect(project.query('SELECT version FROM godwit_migrations')).toEqual([{ version: 1 }]);

  const done = await project.godwit('down', '--allow-irreversible', '--json');
  expect(done.code).toBe(0);
  const result = JSON.parse(done.stdout);
  expect(result.results[0]).toMatchObject({ version: 1, direction: 'down', status: 'applied' });
  expect(result.results[0].note).toContain('without running anything');
  expect(project.userTables()).toEqual(['keep']);
  expect(project.query('SELECT version FROM godwit_migrations')).toEqual([]);
  const [row] = project.query<{ direction: string; note: string }>('SELECT direction, note FROM godwit_migrations_history ORDER BY id DESC LIMIT 1');
  expect(row).toMatchObject({ direction: 'down' });
  expect(row?.note).toContain('recorded as rolled back without running anything');
});
