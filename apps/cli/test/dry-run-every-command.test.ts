/**
 * `--dry-run` changes nothing, ever: every command that takes it leaves the database file, its
 * store and history, the migrations folder and the backups byte-identical. The project is in the
 * middle of its life (some migrations applied, one pending, a backup on disk) so each command has
 * something it would do.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProject, type Project, parseJson, writeSampleMigrations } from './helpers.js';

/** Every file under the project, with its SHA-256: what "byte-identical" is checked against. */
async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out[relative(dir, path)] = createHash('sha256').update(await readFile(path)).digest('hex');
    }
  };
  await walk(dir);
  return out;
}

// One project for every command: since none may change anything, each one also runs on exactly
// the state the others left (and a change by one would show in every later check too).
let project: Project;
let backup: string;
beforeAll(async () => {
  project = await createProject();
  await writeSampleMigrations(project);
  expect((await project.godwit('up-to', '2')).code).toBe(0);
  backup = parseJson((await project.godwit('backup', 'create', '--json')).stdout).backup.file;
  expect((await project.godwit('backup', 'create')).code).toBe(0);
});
afterAll(() => project.remove());

it.each([
  ['up'],
  ['up-by-one'],
  ['up-to', '3'],
  ['up', '--resume'],
  ['down'],
  ['down-to', '0'],
  ['redo'],
  ['reset'],
  ['down', '--allow-irreversible'],
  ['create', 'add_age_to_users', '--template', 'add_column'],
  ['backup', 'create'],
  ['backup', 'prune', '--keep', '1'],
  ['backup', 'restore', '<backup>'],
])('%s --dry-run changes no byte', async (...args: string[]) => {
  const before = await fingerprint(project.dir);
  const r = await project.godwit(...args.map((a) => (a === '<backup>' ? backup : a)), '--dry-run');
  expect({ code: r.code, stderr: r.code ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
  expect(r.stdout).toMatch(/dry run/);
  expect(await fingerprint(project.dir)).toEqual(before);
});
