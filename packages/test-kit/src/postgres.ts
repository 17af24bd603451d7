/**
 * PostgreSQL for tests: a fresh database per test file (or per test), created and dropped through
 * an admin connection with a unique name, so tests running side by side never see each other.
 * Base URL: $PG_URL, else postgres://postgres@127.0.0.1:5432/postgres. Suites that need the server
 * go in `describePostgres`: skipped with a message when it is unreachable, a failure under CI=true.
 *
 * Queries about server-wide views (pg_stat_activity, pg_locks) must be narrowed to the test's own
 * database (`datname = current_database()`): other test files run at the same time.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describeNeeding, type Need } from './needs.ts';

export const PG_BASE = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let probed: Promise<string | undefined> | undefined;

/** Why PostgreSQL cannot be used, or undefined when it can (asked once per process). */
export function postgresProblem(): Promise<string | undefined> {
  probed ??= (async () => {
    const client = new pg.Client({ connectionString: PG_BASE, connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return undefined;
    } catch (e) {
      return `unreachable at ${PG_BASE} (${(e as Error).message}); set PG_URL or start the server`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return probed;
}

/** The need for PostgreSQL, for `describeNeeding` (with other needs). */
export const postgresNeed: Need = ['PostgreSQL', await postgresProblem()];

/** `describe` that runs only against a reachable server (and fails under CI when there is none). */
export function describePostgres(name: string, body: () => void): void {
  describeNeeding(name, [postgresNeed], body);
}

/** The base URL with another database. */
export function urlFor(database: string, base = PG_BASE): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

/** `fn` on a short-lived connection to `url` (default: the admin database). */
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

/** Rows of one query on a short-lived connection to `url`. */
export function query<R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, params?: unknown[]): Promise<R[]> {
  return admin(async (c) => (await c.query<R>(sql, params)).rows, url);
}

export interface TestDatabase {
  name: string;
  url: string;
  /** run SQL in the test database on a short-lived connection */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  tableExists(name: string): Promise<boolean>;
  drop(): Promise<void>;
}

/** A new, empty database named `godwit_<label>_<pid>_<random>`. */
export async function createTestDatabase(label = 'pg'): Promise<TestDatabase> {
  const name = `godwit_${label.replace(/[^A-Za-z0-9_]/g, '_')}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = urlFor(name);
  const db: TestDatabase = {
    name,
    url,
    query: (sql, params) => query(url, sql, params),
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

export interface Gate {
  /** the statement a migration runs to wait at the gate while it is closed */
  readonly sql: string;
  /** the backend pid of a session that waits at the gate, once one does */
  waiter(): Promise<number | undefined>;
  open(): Promise<void>;
}

/**
 * A gate for a migration to wait at, so a test can act while a run is surely mid-migration
 * instead of guessing with pg_sleep: the test holds an advisory lock, the migration's
 * `gate.sql` waits for it, and `open()` lets it through. The lock lives in `db` only.
 */
export async function closedGate(db: TestDatabase): Promise<Gate> {
  const key = 770_000_000 + Math.floor(Math.random() * 1_000_000);
  const holder = new pg.Client({ connectionString: db.url, application_name: 'godwit-test-gate' });
  holder.on('error', () => undefined);
  await holder.connect();
  await holder.query('SELECT pg_advisory_lock($1)', [key]);
  let opened = false;
  return {
    sql: `SELECT pg_advisory_xact_lock(${key})`,
    async waiter() {
      const rows = await db.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
           AND query LIKE 'SELECT pg_advisory_xact_lock(${key})%'`,
      );
      return rows[0]?.pid;
    },
    async open() {
      if (opened) return;
      opened = true;
      await holder.end().catch(() => undefined);
    },
  };
}
