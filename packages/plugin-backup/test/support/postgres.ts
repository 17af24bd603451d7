/**
 * A fresh PostgreSQL database per test, created and dropped through an admin connection. Base URL:
 * $PG_URL, else postgres://postgres@127.0.0.1:5432/postgres. Unreachable: the suite is skipped with
 * a message, except under CI=true, where that is a failure.
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

export function describePostgres(name: string, body: () => void): void {
  if (!unreachable) return void describe(name, body);
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs PostgreSQL', () => {
        throw new Error(`PostgreSQL is unreachable at ${PG_BASE} (${unreachable}); CI must run these tests against it`);
      });
    });
    return;
  }
  console.warn(`skipping "${name}": PostgreSQL is unreachable at ${PG_BASE} (${unreachable})`);
  describe.skip(name, body);
}

export async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestDatabase {
  name: string;
  /** with a password, which trust auth ignores: proves it is never printed */
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `godwit_backup_${prefix}_${randomBytes(4).toString('hex')}`;
  await query(PG_BASE, `CREATE DATABASE ${name}`);
  const u = new URL(PG_BASE);
  u.pathname = `/${name}`;
  u.password = 'S3cret-pw';
  return {
    name,
    url: u.toString(),
    drop: async () => void (await query(PG_BASE, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}
