/**
 * Real databases for the multi-database tests: PostgreSQL databases created and dropped with
 * unique names (base $PG_URL, else postgres://postgres@127.0.0.1:5432/postgres), MongoDB
 * databases on the server from global-setup.ts. `pg` and `mongodb` come from the drivers' own
 * dependencies (the CLI loads them only through the drivers).
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
// Only what the tests use: the CLI has no dependency on either package, so neither do its types.
interface PgClient {
  on(event: 'error', listener: () => void): void;
  connect(): Promise<void>;
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}
interface MongoDb {
  listCollections(): { toArray(): Promise<{ name: string }[]> };
  collection(name: string): { find(filter: object, options: object): { toArray(): Promise<Record<string, unknown>[]> } };
  dropDatabase(): Promise<unknown>;
}
const pg = createRequire(join(REPO, 'packages/driver-postgres/package.json'))('pg') as {
  Client: new (options: { connectionString: string; connectionTimeoutMillis?: number }) => PgClient;
};
const { MongoClient } = createRequire(join(REPO, 'packages/driver-mongodb/package.json'))('mongodb') as {
  MongoClient: new (url: string, options: object) => { connect(): Promise<unknown>; db(name: string): MongoDb; close(): Promise<void> };
};

export const PG_BASE = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Why PostgreSQL cannot be used, or undefined when it can. */
export async function postgresProblem(): Promise<string | undefined> {
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

const unique = (label: string) => `godwit_cli_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;

export interface TestPostgres {
  url: string;
  query<R = Record<string, unknown>>(sql: string): Promise<R[]>;
  drop(): Promise<void>;
}

async function onPostgres<T>(url: string, fn: (c: PgClient) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createPostgres(label: string): Promise<TestPostgres> {
  const name = unique(label);
  await onPostgres(PG_BASE, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(PG_BASE);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    url,
    query: <R,>(sql: string) => onPostgres(url, async (c) => (await c.query(sql)).rows as R[]),
    drop: () => onPostgres(PG_BASE, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export interface TestMongo {
  url: string;
  collections(): Promise<string[]>;
  find(collection: string): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

export function createMongo(base: string, label: string): TestMongo {
  const name = unique(label);
  const url = `${base.replace(/\/$/, '')}/${name}`;
  const withDb = async <T>(fn: (db: MongoDb) => Promise<T>): Promise<T> => {
    const client = new MongoClient(base, { serverSelectionTimeoutMS: 5000 });
    try {
      await client.connect();
      return await fn(client.db(name));
    } finally {
      await client.close();
    }
  };
  return {
    url,
    collections: () => withDb(async (db) => (await db.listCollections().toArray()).map((c) => c.name).sort()),
    find: (collection) => withDb((db) => db.collection(collection).find({}, { projection: { _id: 0 } }).toArray()),
    drop: () => withDb((db) => db.dropDatabase()).then(() => undefined),
  };
}

type SqliteDb = { exec(sql: string): void; prepare(sql: string): { run(...params: unknown[]): unknown }; close(): void };
const Sqlite = createRequire(join(REPO, 'packages/driver-sqlite/package.json'))('better-sqlite3') as new (path: string) => SqliteDb;

/** Holds the SQLite migration lock of `file` in the name of this (live) process, as another runner would. */
export function holdSqliteLock(file: string, table = 'godwit_migrations'): void {
  const db = new Sqlite(file);
  try {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table}_lock (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL, token TEXT NOT NULL, acquired_at TEXT NOT NULL)`,
    );
    db.prepare(`INSERT INTO ${table}_lock VALUES (1, 'test@elsewhere pid ${process.pid}', ?, ?, 'held-by-test', ?)`).run(hostname(), process.pid, new Date().toISOString());
  } finally {
    db.close();
  }
}

/** Rows of a query against a SQLite file (read-only). */
export function querySqlite(file: string, sql: string): Record<string, unknown>[] {
  const db = new SqliteReader(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}
const SqliteReader = Sqlite as unknown as new (
  path: string,
  options: { readonly: boolean; fileMustExist: boolean },
) => { prepare(sql: string): { all(): Record<string, unknown>[] }; close(): void };
