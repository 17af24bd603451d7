/** A driver is loaded only when its kind of database is used: SQLite never loads pg or mongodb. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@godwit/test-kit/cli';
import { expect, it } from 'vitest';
import { writeSampleMigrations, projectPerTest } from './helpers.js';

const HOOK = fileURLToPath(new URL('./fixtures/record-imports.mjs', import.meta.url));

const project = projectPerTest(writeSampleMigrations);

async function importsOf(args: string[]): Promise<string[]> {
  const file = join(project.dir, 'imports.txt');
  await runCli(args, { cwd: project.dir, nodeArgs: ['--import', HOOK], env: { GODWIT_TEST_IMPORTS: file } });
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
