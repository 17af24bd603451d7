/**
 * The config file of a multi-database project: JSON, YAML and .mjs; validation errors naming the
 * file and the key path; ${VAR} interpolation; config entries overriding discovered databases.
 * Real SQLite files in a temporary folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJson, projectPerTest } from './helpers.js';
import { querySqlite } from '@godwit/test-kit/sqlite';

const table = (name: string) => `-- +goose Up\nCREATE TABLE ${name} (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE ${name};\n`;

const project = projectPerTest(async (p) => {
  await p.write('migrations/sqlite-orders/00001_orders.sql', table('orders'));
  await p.write('migrations/sqlite-users/schema/00001_users.sql', table('users'));
});

const versions = (file: string, store = 'godwit_migrations') =>
  existsSync(join(project.dir, file)) ? querySqlite(join(project.dir, file), `SELECT version FROM ${store}`).map((r) => Number(r.version)) : [];

describe('multi-database config', () => {
  it('YAML: config entries override the discovered ones by id, with ${VAR} from the environment', async () => {
    await project.write('db/users-v2/00001_users.sql', table('users'));
    await project.write('db/users-v2/00002_more.sql', table('more'));
    await project.write(
      'godwit.config.yaml',
      [
        'databases:',
        '  sqlite-users:',
        '    url: sqlite:./${USERS_FILE}.db',
        '    dir: db/users-v2',
        '    table: users_versions',
        '  sqlite-extra:',
        '    driver: sqlite',
        '    url: sqlite:./extra.db',
        '    dir: db/users-v2',
        '',
      ].join('\n'),
    );
    const r = await project.raw(['migrate-all', '--json'], { USERS_FILE: 'users', SQLITE_ORDERS_URL: 'sqlite:./orders.db' });
    expect(r.code).toBe(0);
    const doc = parseJson(r.stdout);
    expect(doc.databases.map((d: { id: string; applied: number }) => [d.id, d.applied])).toEqual([
      ['sqlite-extra', 2],
      ['sqlite-orders', 1],
      ['sqlite-users', 2],
    ]);
    expect(versions('users.db', 'users_versions').sort()).toEqual([1, 2]);
    expect(versions('orders.db')).toEqual([1]);

    const unset = await project.raw(['migrate-all'], { SQLITE_ORDERS_URL: 'sqlite:./orders.db' });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('godwit: error: godwit.config.yaml: environment variable USERS_FILE is not set (used by "databases.sqlite-users.url")');
  });

  it('an environment overrides a database per id; a driver that does not match the URL is refused', async () => {
    await project.write(
      'godwit.config.json',
      JSON.stringify({
        databases: { 'sqlite-orders': { url: 'sqlite:./orders-dev.db' } },
        environments: { staging: { databases: { 'sqlite-orders': { url: 'sqlite:./orders-staging.db' } } } },
      }),
    );
    expect((await project.raw(['migrate-all', '--env', 'staging'], { SQLITE_USERS_URL: 'sqlite:./users.db' })).code).toBe(0);
    expect(versions('orders-staging.db')).toEqual([1]);
    expect(existsSync(join(project.dir, 'orders-dev.db'))).toBe(false);

    await project.write('godwit.config.json', JSON.stringify({ databases: { 'sqlite-orders': { url: 'postgres://app@localhost/orders' } } }));
    const mismatch = await project.raw(['migrate-all'], { SQLITE_USERS_URL: 'sqlite:./users.db' });
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('godwit: error: sqlite-orders: driver sqlite does not match postgres://app@localhost/orders');
  });

  it.each([
    ['godwit.config.yaml', 'databases:\n  sqlite-orders:\n    url: 5\n', 'godwit.config.yaml: "databases.sqlite-orders.url" must be a string, not number 5'],
    ['godwit.config.yaml', 'databases:\n  sqlite-orders:\n    folder: x\n', 'godwit.config.yaml: unknown key "databases.sqlite-orders.folder"'],
    ['godwit.config.yaml', 'environments:\n  prod:\n    backup: "yes"\n', 'godwit.config.yaml: "environments.prod.backup" must be true or false, not string "yes"'],
    ['godwit.config.yaml', 'databases: [1]\n', 'godwit.config.yaml: "databases" must be a JSON object, not an array'],
    ['godwit.config.yaml', 'databases:\n  a: 1\n  - b\n', 'godwit.config.yaml:3:'],
    ['godwit.config.json', '{"plugins": [3]}', 'godwit.config.json: "plugins.0" must be a module name or { "name", "options" }, not number 3'],
    ['godwit.config.json', '{"plugins": [{"name": "x", "opts": {}}]}', 'godwit.config.json: unknown key "plugins.0.opts"'],
    ['godwit.config.mjs', 'export default { databases: { x: { table: false } } };\n', 'godwit.config.mjs: "databases.x.table" must be a string, not boolean false'],
    ['godwit.config.mjs', 'export const databases = {};\n', 'godwit.config.mjs: the config module has no default export'],
  ])('%s %j is refused (exit 2)', async (file, text, message) => {
    await project.write(file, text);
    const r = await project.raw(['migrate-all']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`godwit: error: ${message}`);
  });

  it('.mjs: the default export is the config; its plugins run for each database', async () => {
    await project.write(
      'plugins/mark.mjs',
      "import { appendFileSync } from 'node:fs';\nexport default { name: 'mark', afterRun: (r) => appendFileSync('marks.log', `${r.command} ${r.after}\\n`) };\n",
    );
    await project.write(
      'godwit.config.mjs',
      "export default { plugins: ['./plugins/mark.mjs'], databases: { 'sqlite-orders': { url: `sqlite:./${'orders'}.db` } } };\n",
    );
    const r = await project.raw(['migrate-all', '--only', 'sqlite-orders']);
    expect(r.code).toBe(0);
    expect(versions('orders.db')).toEqual([1]);
    expect(readFileSync(join(project.dir, 'marks.log'), 'utf8')).toBe('up 1\n');
  });

  it('two config files at once are refused', async () => {
    await project.write('godwit.config.json', '{}');
    await project.write('godwit.config.yml', '{}\n');
    const r = await project.raw(['status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('godwit: error: more than one config file: godwit.config.json, godwit.config.yml');
  });

  it('the single-database keys still work from YAML', async () => {
    await project.write('godwit.config.yaml', 'database: sqlite:./single.db\ndir: migrations/sqlite-orders\n');
    expect((await project.raw(['up'])).code).toBe(0);
    expect(versions('single.db')).toEqual([1]);
  });
});
