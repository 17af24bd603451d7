import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverDatabases, urlVariableOf } from './discover.js';

let cwd: string;
const folder = (path: string) => mkdirSync(join(cwd, path), { recursive: true });
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'godwit-discover-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('discoverDatabases', () => {
  it('finds <driver>-<name> folders in id order, with schema/ and seed/ when present', () => {
    folder('migrations/postgres-product/schema');
    folder('migrations/postgres-product/seed');
    folder('migrations/mongo-analytics');
    folder('migrations/sqlite-demo');
    folder('migrations/.git');
    writeFileSync(join(cwd, 'migrations/README.md'), 'files are not databases');
    expect(discoverDatabases('migrations', cwd, false)).toEqual({
      databases: [
        { id: 'mongo-analytics', driver: 'mongodb', dir: 'migrations/mongo-analytics', urlVariable: 'MONGO_ANALYTICS_URL' },
        {
          id: 'postgres-product',
          driver: 'postgres',
          dir: 'migrations/postgres-product/schema',
          seedDir: 'migrations/postgres-product/seed',
          urlVariable: 'POSTGRES_PRODUCT_URL',
        },
        { id: 'sqlite-demo', driver: 'sqlite', dir: 'migrations/sqlite-demo', urlVariable: 'SQLITE_DEMO_URL' },
      ],
      warnings: [],
    });
  });

  it('warns about other folders, or refuses them when strict', () => {
    folder('migrations/archive');
    folder('migrations/mysql-legacy');
    folder('migrations/Postgres-Upper');
    const found = discoverDatabases('migrations', cwd, false);
    expect(found.databases).toEqual([]);
    expect(found.warnings).toEqual([
      expect.stringMatching(/^migrations\/Postgres-Upper: "Postgres-Upper" is not named <driver>-<name>; skipped/),
      expect.stringMatching(/^migrations\/archive: "archive" is not named <driver>-<name>; skipped/),
      expect.stringMatching(/^migrations\/mysql-legacy: unknown driver prefix "mysql"; skipped \(use one of: postgres, sqlite, mongo\)/),
    ]);
    expect(() => discoverDatabases('migrations', cwd, true)).toThrowError(expect.objectContaining({ code: 'USAGE' }));
  });

  it('a missing root is an empty project', () => {
    expect(discoverDatabases('nowhere', cwd, true)).toEqual({ databases: [], warnings: [] });
  });
});

describe('urlVariableOf', () => {
  it.each([
    ['postgres-inventory', 'POSTGRES_INVENTORY_URL'],
    ['mongo-logs', 'MONGO_LOGS_URL'],
    ['sqlite-click_stream', 'SQLITE_CLICK_STREAM_URL'],
    ['postgres-order-items', 'POSTGRES_ORDER_ITEMS_URL'],
  ])('%s -> %s', (id, variable) => {
    expect(urlVariableOf(id)).toBe(variable);
  });
});
