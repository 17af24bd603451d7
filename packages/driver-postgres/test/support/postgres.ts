/**
 * A fresh PostgreSQL database per test file (or per test), created and dropped through an admin
 * connection. Base URL: $PG_URL, else postgres://postgres@127.0.0.1:5432/postgres. When the server
 * cannot be reached, the suites are skipped with a message, except under CI=true, where that is a
 * failure: CI must prove the driver against the real server.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

export const PG_BASE = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function probe(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_BASE, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await probe();

/** `describe` that runs only against a reachable server (and fails under CI when there is none). */
export function describePostgres(name: string, body: () => void): void {
  if (!unreachable) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs PostgreSQL', () => {
        throw new Error(`PostgreSQL is unreachable at ${PG_BASE} (${unreachable}); CI must run these tests against it`);
      });
    });
    return;
  }
  console.warn(`skipping "${name}": PostgreSQL is unreachable at ${PG_BASE} (${unreachable}); set PG_URL or start the server`);
  describe.skip(name, body);
}

export function urlFor(database: string, base = PG_BASE): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function admin<T>(fn: (client: pg.Client) => Promise<T>, url = PG_BASE): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** run SQL in the test database on a short-lived connection */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  tableExists(name: string): Promise<boolean>;
  drop(): Promise<void>;
}

export async function createTestDatabase(label = 'pg'): Promise<TestDatabase> {
  const name = `godwit_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = urlFor(name);
  const db: TestDatabase = {
    name,
    url,
    query: (sql, params) => admin(async (c) => (await c.query(sql, params)).rows, url),
    async tableExists(table) {
      const rows = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [table]);
      return rows[0]?.ok === true;
    },
    async drop() {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
  return db;
}
