/**
 * The README's promise, end to end through core's runner: a syntax error in a later file stops
 * the run before the earlier files are applied, and is reported where it is.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createMigrator, type Driver } from '@godwit/core';
import { inspect, tempDir } from '../src/__fixtures__/steps.js';
import { createSqliteDriver } from '../src/driver.js';

let tmp: ReturnType<typeof tempDir>;
let dir: string;
let driver: Driver;

beforeEach(() => {
  tmp = tempDir();
  dir = join(tmp.dir, 'migrations');
  mkdirSync(dir);
  driver = createSqliteDriver({ path: tmp.path() });
});
afterEach(async () => {
  await driver.close();
  tmp.cleanup();
});

it('a syntax error in file 2 stops the run before file 1 is applied', async () => {
  writeFileSync(join(dir, '00001_people.sql'), '-- +goose Up\nCREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT);\n');
  writeFileSync(
    join(dir, '00002_pets.sql'),
    '-- +goose Up\nCREATE TABLE pets (id INTEGER PRIMARY KEY, owner INTEGER REFERENCES people (id));\nINSERT INTO pets (owner)\n  SELEC id FROM people;\n',
  );
  const result = await createMigrator({ driver, dir }).up({ lockTimeoutMs: 5000 });
  expect(result.ok).toBe(false);
  expect(result.error?.code).toBe('PARSE_ERROR');
  expect(result.error?.toString()).toMatch(/00002_pets\.sql:4:3: near "SELEC": syntax error \(in the statement at line 3, column 1\)$/);
  // nothing ran: file 1's table is not there (the database file may not even exist)
  const userTables = existsSync(tmp.path())
    ? inspect(tmp.path(), (db) => db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'godwit%'`).all())
    : [];
  expect(userTables).toEqual([]);
  expect(await driver.store.applied()).toEqual([]);
});
