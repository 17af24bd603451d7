/** What `createPostgresDriver` accepts. Drivers never read the environment: the CLI fills these in. */
export interface PostgresDriverOptions {
  /** `postgres://user:password@host:port/db?sslmode=...&search_path=...`; never printed as is */
  url: string;
  /** version table, optionally schema-qualified (`ops.godwit_migrations`); default core's DEFAULT_TABLE, `godwit_migrations` */
  table?: string;
  /** how long to wait for the server to accept a connection, ms (default 10000) */
  connectTimeoutMs?: number;
  /**
   * Run every step of a run in one transaction (all or nothing): the transaction opens at the
   * first step and commits when the run finishes (the driver's finishRun).
   */
  singleTransaction?: boolean;
  /**
   * Run the migrations' statements as this role (`SET ROLE`), so what they create belongs to it
   * rather than to the login. The login must be a member. The store, the lock and backups still
   * work as the login.
   */
  role?: string;
  /**
   * The schema this database's migrations live in (one tenant of a fleet, `godwit fleet
   * --schemas`): every session's `search_path` is that schema alone (over the URL's), and an
   * unqualified `table` is created inside it, so each schema has its own store and its own lock.
   */
  schema?: string;
  /** `application_name` the server shows in pg_stat_activity (default `godwit`); the URL's wins */
  applicationName?: string;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_APPLICATION_NAME = 'godwit';
