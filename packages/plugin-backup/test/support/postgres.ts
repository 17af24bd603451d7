/**
 * PostgreSQL for the backup tests: the PostgreSQL driver's test harness (PG_URL or the local
 * server; skipped without one, a failure under CI=true), plus what these tests add: a password
 * in each database URL (trust auth ignores it; it proves the password is never printed) and a
 * one-shot `query(url, sql)`.
 */
import type pg from 'pg';
import {
  PG_BASE,
  admin,
  createTestDatabase as createDriverTestDatabase,
  describePostgres,
} from '../../../driver-postgres/test/support/postgres.ts';

export { PG_BASE, describePostgres };

export function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  return admin(async (c) => (await c.query<T>(sql)).rows, url);
}

export interface TestDatabase {
  name: string;
  /** with a password, which trust auth ignores: proves it is never printed */
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const db = await createDriverTestDatabase(`backup_${prefix}`);
  const u = new URL(db.url);
  u.password = 'S3cret-pw';
  return { name: db.name, url: u.toString(), drop: () => db.drop() };
}
