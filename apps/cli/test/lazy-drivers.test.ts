/** A driver is loaded only when its kind of database is used: SQLite never loads pg or mongodb. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BIN, type Project, createProject, writeSampleMigrations } from './helpers.js';

const HOOK = fileURLToPath(new URL('./fixtures/record-imports.mjs', import.meta.url));

let project: Project;
beforeEach(async () => {
  project = await createProject();
  await writeSampleMigrations(project);
});
afterEach(async () => {
  await project.remove();
});

async function importsOf(args: string[]): Promise<string[]> {
  const file = join(project.dir, 'imports.txt');
  await new Promise<void>((resolve) => {
    execFile(process.execPath, ['--import', HOOK, BIN, ...args], { cwd: project.dir, env: { ...process.env, GODWIT_TEST_IMPORTS: file, DATABASE_URL: '' } }, () => resolve());
  });
  return (await readFile(file, 'utf8')).split('\n');
}

const loads = (urls: string[], what: RegExp) => urls.some((u) => what.test(u));

it('a SQLite run loads the SQLite driver only', async () => {
  const urls = await importsOf(['up', '--database', 'sqlite:./app.db', '--dir', 'migrations']);
  expect(loads(urls, /driver-sqlite/)).toBe(true);
  expect(loads(urls, /driver-postgres|\/pg@|\/pg\/|libpg-query/)).toBe(false);
  expect(loads(urls, /driver-mongodb|\/mongodb@/)).toBe(false);
});

it('a PostgreSQL run loads the PostgreSQL driver only', async () => {
  const urls = await importsOf(['status', '--database', 'postgres://app@127.0.0.1:1/app', '--dir', 'migrations']);
  expect(loads(urls, /driver-postgres/)).toBe(true);
  expect(loads(urls, /driver-sqlite|better-sqlite3/)).toBe(false);
  expect(loads(urls, /driver-mongodb|\/mongodb@/)).toBe(false);
});

it('create and files-only validate load no driver at all', async () => {
  const urls = await importsOf(['validate', '--dir', 'migrations']);
  expect(loads(urls, /driver-|better-sqlite3|\/pg@|\/mongodb@/)).toBe(false);
});
