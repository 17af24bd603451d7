/** What `createMongoDriver` accepts. Drivers never read the environment: the CLI fills these in. */

// One default for every driver and plugin: core's.
export { DEFAULT_TABLE } from '@godwit/core';

export interface MongoDriverOptions {
  /** `mongodb://user:password@host:port/<database>?options`; the path must name the database */
  url: string;
  /** version collection (default `godwit_migrations`); history is `<table>_history`, the lock `<table>_lock` */
  table?: string;
  /** how long to look for a reachable server before failing, ms (default 5000) */
  serverSelectionTimeoutMs?: number;
  /** how long a runner's lock lives without a refresh, ms (default 30000): a crashed runner's lock expires after this */
  lockTtlMs?: number;
  /** how often a held lock is refreshed, ms (default 10000); must be below `lockTtlMs` */
  lockRefreshMs?: number;
}

export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5_000;
export const DEFAULT_LOCK_TTL_MS = 30_000;
export const DEFAULT_LOCK_REFRESH_MS = 10_000;
