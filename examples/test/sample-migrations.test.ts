/**
 * Every sample database under migrations/ really runs: applied, rolled back to nothing, and
 * applied again (so each down undoes its up completely), through the library and the real
 * databases: PostgreSQL for postgres-*, FerretDB (or MONGO_URL) for mongo-*, a temp SQLite file
 * for sqlite-*.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMigrator, type Migrator } from '@godwit/core';
import { createMongoDriver } from '@godwit/driver-mongodb';
import { createPostgresDriver } from '@godwit/driver-postgres';
import { createSqliteDriver } from '@godwit/driver-sqlite';
import { querySqlite } from '@godwit/test-kit/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeMongo, freshDatabase } from '@godwit/test-kit/mongodb';
import { createTestDatabase, describePostgres, type TestDatabase } from '@godwit/test-kit/postgres';
import { sampleDatabases } from './support/sample.js';

const samples = sampleDatabases();
const byDriver = (driver: string) => samples.filter((s) => s.driver === driver);

/** up (all applied, clean), reset (version 0), up again: returns the highest version. */
async function roundTrip(migrator: Migrator, afterUp: () => Promise<void>, afterReset: () => Promise<void>): Promise<void> {
  const files = await migrator.list();
  expect(files.length).toBeGreaterThanOrEqual(3);
  const highest = Math.max(...files.map((m) => m.version));

  const up = await migrator.up();
  expect(up.error?.toString()).toBeUndefined();
  expect(up.after).toBe(highest);
  const status = await migrator.status();
  expect(status.dirty).toBe(false);
  expect(status.migrations.map((m) => m.state)).toEqual(files.map(() => 'applied'));
  await afterUp();

  const reset = await migrator.reset();
  expect(reset.error?.toString()).toBeUndefined();
  expect(await migrator.version()).toEqual({ version: 0, dirty: false });
  await afterReset();

  const again = await migrator.up();
  expect(again.error?.toString()).toBeUndefined();
  expect(again.after).toBe(highest);
}

it('the sample project has the databases the examples and the guide name', () => {
  expect(samples.map((s) => s.id)).toEqual(
    expect.arrayContaining(['mongo-analytics', 'mongo-product', 'postgres-order', 'postgres-product', 'postgres-user', 'sqlite-demo']),
  );
});

describePostgres('postgres-* sample migrations on PostgreSQL', () => {
  // Everything the migrations create in `public`, besides Godwit's own tables.
  const objectsQuery = `
    SELECT 'relation ' || relname AS name FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relname NOT LIKE 'godwit\\_%'
    UNION ALL SELECT 'type ' || typname FROM pg_type
      WHERE typnamespace = 'public'::regnamespace AND typtype = 'e'
    UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    ORDER BY 1`;

  for (const sample of byDriver('postgres')) {
    describe(sample.id, () => {
      let db: TestDatabase;
      beforeAll(async () => {
        db = await createTestDatabase(sample.id.replace('-', '_'));
      });
      afterAll(async () => {
        await db?.drop();
      });

      it('applies every migration, rolls all back to an empty schema, and applies again', async () => {
        const migrator = createMigrator({ driver: createPostgresDriver({ url: db.url }), dir: sample.dir });
        try {
          await roundTrip(
            migrator,
            async () => expect((await db.query(objectsQuery)).length).toBeGreaterThan(0),
            async () => expect(await db.query(objectsQuery)).toEqual([]),
          );
        } finally {
          await migrator.close();
        }
      });

      if (sample.id === 'postgres-product') {
        it('applies the seed/ folder in its own store on top of the schema, and takes it back', async () => {
          // the store `godwit migrate-all --seed` uses: <table>_seeds
          const seeds = createMigrator({
            driver: createPostgresDriver({ url: db.url, table: 'godwit_migrations_seeds' }),
            dir: join(sample.dir, 'seed'),
          });
          try {
            const up = await seeds.up();
            expect(up.error?.toString()).toBeUndefined();
            expect(await db.query('SELECT p.sku, c.slug FROM products p JOIN categories c ON c.id = p.category_id')).toEqual([
              { sku: 'BK-0001', slug: 'books' },
            ]);
            // the schema store does not list seeds: they are tracked apart
            expect(await db.query('SELECT version::int AS version FROM godwit_migrations ORDER BY version')).toEqual([
              { version: 1 },
              { version: 2 },
              { version: 3 },
            ]);
            expect((await seeds.reset()).ok).toBe(true);
            expect(await db.query('SELECT count(*)::int AS n FROM categories')).toEqual([{ n: 0 }]);
          } finally {
            await seeds.close();
          }
        });
      }
    });
  }
});

describeMongo('mongo-* sample migrations on a MongoDB-protocol server', () => {
  for (const sample of byDriver('mongo')) {
    it(`${sample.id}: applies, rolls back to no collections, applies again`, async () => {
      const db = await freshDatabase(sample.id.replace('-', '_'));
      const migrator = createMigrator({ driver: createMongoDriver({ url: db.url }), dir: sample.dir });
      const own = async () => (await db.collections()).filter((c) => !c.startsWith('godwit_'));
      try {
        await roundTrip(
          migrator,
          async () => expect((await own()).length).toBeGreaterThan(0),
          async () => expect(await own()).toEqual([]),
        );
      } finally {
        await migrator.close();
        await db.drop();
      }
    });
  }
});

describe('sqlite-* sample migrations on a SQLite file', () => {
  for (const sample of byDriver('sqlite')) {
    it(`${sample.id}: applies, rolls back to an empty schema, applies again`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'godwit-examples-'));
      const path = join(dir, 'sample.db');
      const objects = () =>
        querySqlite(path, "SELECT type || ' ' || name AS name FROM sqlite_schema WHERE name NOT LIKE 'godwit\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1");
      const migrator = createMigrator({ driver: createSqliteDriver({ path }), dir: sample.dir });
      try {
        await roundTrip(
          migrator,
          async () => expect(objects().length).toBeGreaterThan(0),
          async () => expect(objects()).toEqual([]),
        );
      } finally {
        await migrator.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
