/**
 * One project with PostgreSQL, MongoDB and SQLite databases side by side, migrated with
 * `godwit migrate-all`: real servers (PostgreSQL at $PG_URL or 127.0.0.1:5432, MongoDB from the
 * test kit's global setup). Without a server its part is skipped with a message, except under
 * CI=true, where that is a failure.
 */
import { join } from 'node:path';
import { freshDatabase, mongoNeed } from '@godwit/test-kit/mongodb';
import { describeNeeding } from '@godwit/test-kit/needs';
import { perTest } from '@godwit/test-kit/per-test';
import { createTestDatabase, postgresNeed } from '@godwit/test-kit/postgres';
import { querySqlite } from '@godwit/test-kit/sqlite';
import { beforeEach, expect, it } from 'vitest';
import { createProject, parseJson } from './helpers.js';

describeNeeding('migrate-all across PostgreSQL, MongoDB and SQLite', [postgresNeed, mongoNeed], () => {
  const project = perTest(createProject, (p) => p.remove());
  const product = perTest(() => createTestDatabase('cli_product'), (d) => d.drop());
  const order = perTest(() => createTestDatabase('cli_order'), (d) => d.drop());
  const analytics = perTest(() => freshDatabase('godwit_cli_analytics'), (d) => d.drop());
  let env: Record<string, string>;

  beforeEach(async () => {
    env = {
      POSTGRES_PRODUCT_URL: product.url,
      POSTGRES_ORDER_URL: order.url,
      MONGO_ANALYTICS_URL: analytics.url,
      SQLITE_CACHE_URL: 'sqlite:./cache.db',
    };
    await project.write('migrations/postgres-product/schema/00001_products.sql', '-- +goose Up\nCREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL);\n-- +goose Down\nDROP TABLE products;\n');
    await project.write('migrations/postgres-product/seed/00001_products.sql', "-- +goose Up\nINSERT INTO products (name) VALUES ('kettle');\n-- +goose Down\nDELETE FROM products;\n");
    await project.write('migrations/postgres-order/schema/00001_orders.sql', '-- +goose Up\nCREATE TABLE orders (id serial PRIMARY KEY);\n-- +goose Down\nDROP TABLE orders;\n');
    await project.write('migrations/mongo-analytics/schema/00001_events.up.json', '[\n  { "create": "events" }\n]\n');
    await project.write('migrations/mongo-analytics/schema/00001_events.down.json', '[\n  { "drop": "events" }\n]\n');
    await project.write('migrations/mongo-analytics/seed/00001_events.up.json', '[\n  { "insert": "events", "documents": [{ "kind": "seeded" }] }\n]\n');
    await project.write('migrations/mongo-analytics/seed/00001_events.down.json', '[\n  { "delete": "events", "deletes": [{ "q": {}, "limit": 0 }] }\n]\n');
    await project.write('migrations/sqlite-cache/00001_entries.sql', '-- +goose Up\nCREATE TABLE entries (k TEXT PRIMARY KEY);\n-- +goose Down\nDROP TABLE entries;\n');
  });
  it('migrates all four with seeds, concurrently, in one JSON report; status --all and validate --all agree', { timeout: 120_000 }, async () => {
    // trust authentication ignores the password; the output must never show it
    const withPassword = new URL(product.url);
    withPassword.password = 'pw-s3cret';
    env.POSTGRES_PRODUCT_URL = withPassword.toString();
    const r = await project.raw(['migrate-all', '--seed', '--concurrency', '3', '--json', '--verbose'], env);
    expect(r.stderr).not.toContain('error');
    expect(`${r.stdout}${r.stderr}`).not.toContain('pw-s3cret');
    expect(r.code).toBe(0);
    const doc = parseJson(r.stdout);
    expect(doc).toMatchObject({ ok: true, failed: 0, skipped: 0 });
    expect(doc.databases.map((d: { id: string; driver: string; after: number; result: string }) => [d.id, d.driver, d.after, d.result])).toEqual([
      ['mongo-analytics', 'mongodb', 1, 'ok'],
      ['postgres-order', 'postgres', 1, 'ok'],
      ['postgres-product', 'postgres', 1, 'ok'],
      ['sqlite-cache', 'sqlite', 1, 'ok'],
    ]);
    // seeds have their own stores, only where a seed/ folder exists
    expect(await product.query('SELECT name FROM products')).toEqual([{ name: 'kettle' }]);
    expect((await product.query<{ version: unknown }>('SELECT version FROM godwit_migrations_seeds')).map((row) => Number(row.version))).toEqual([1]);
    expect(await order.query("SELECT to_regclass('godwit_migrations_seeds') AS t")).toEqual([{ t: null }]);
    expect(await analytics.collections()).toEqual(expect.arrayContaining(['events', 'godwit_migrations', 'godwit_migrations_seeds']));
    expect(await analytics.find('events')).toEqual([{ kind: 'seeded' }]);
    expect(querySqlite(join(project.dir, 'cache.db'), 'SELECT count(*) AS n FROM entries')).toEqual([{ n: 0 }]);

    const status = await project.raw(['status', '--all', '--json'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).not.toContain('pw-s3cret');
    expect(parseJson(status.stdout).databases.map((d: { current: number; pending: number }) => [d.current, d.pending])).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
    const validated = await project.raw(['validate', '--all'], env);
    expect(validated.code).toBe(0);
    expect(validated.stdout.match(/files and database/g)).toHaveLength(4);
  });

  it('a failing PostgreSQL migration stops the run; the MongoDB database before it is migrated, the rest skipped', { timeout: 90_000 }, async () => {
    await project.write('migrations/postgres-order/schema/00002_broken.sql', '-- +goose Up\nALTER TABLE nowhere ADD COLUMN x int;\n-- +goose Down\nSELECT 1;\n');
    const r = await project.raw(['migrate-all'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/mongo-analytics\s+mongodb\s+0\s+1\s+1\s+(?:\d+ ms|\d+\.\d s)\s+ok/);
    expect(r.stdout).toMatch(/postgres-order\s+postgres\s+0\s+1\s+1\s+(?:\d+ ms|\d+\.\d s)\s+failed/);
    expect(r.stdout).toMatch(/postgres-product\s+postgres\s+-\s+-\s+-\s+-\s+skipped/);
    expect(r.stderr).toMatch(/godwit: error: \[postgres-order\] .*00002_broken\.sql.*nowhere/);
    expect(await product.query("SELECT to_regclass('products') AS t")).toEqual([{ t: null }]);
  });
});
