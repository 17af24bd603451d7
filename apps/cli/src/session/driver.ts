/**
 * Loads the driver for a database kind with a dynamic `import()`, so a SQLite run never loads
 * `pg` or `mongodb` (and start-up stays fast). Drivers read no environment: everything they need
 * arrives here as options.
 */
import { type Driver, GodwitError, type ResolvedDatabase, redactSecrets } from '@godwit/core';

export interface DriverSettings {
  table: string;
  /** SQLite: the file to open, as the tools resolve it (see settings/paths.ts); default: the URL's path */
  sqliteFile?: string;
  /** whole-run limit; bounds how long connecting may take */
  timeoutMs?: number;
  singleTransaction?: boolean;
  /** PostgreSQL: the role migrations run as (SET ROLE) */
  role?: string;
  /** SQLite and MongoDB: the lock's lease, how long it outlives its last refresh */
  lockTtlMs?: number;
  /** PostgreSQL: the schema the target lives in (fleets: search_path and store tables) */
  schema?: string;
}

export async function openDriver(db: ResolvedDatabase, settings: DriverSettings): Promise<Driver> {
  const { table } = settings;
  const connectMs = settings.timeoutMs === undefined ? {} : { ms: Math.min(settings.timeoutMs, 10_000) };
  // Refresh three times per lifetime so one slow refresh never lets a live lock expire.
  const lease =
    settings.lockTtlMs === undefined ? {} : { lockTtlMs: settings.lockTtlMs, lockRefreshMs: Math.floor(settings.lockTtlMs / 3) };
  switch (db.kind) {
    case 'sqlite': {
      const { createSqliteDriver } = await load(db, () => import('@godwit/driver-sqlite'));
      return createSqliteDriver({ path: settings.sqliteFile ?? db.sqlitePath ?? db.url, table, ...lease });
    }
    case 'postgres': {
      const { createPostgresDriver } = await load(db, () => import('@godwit/driver-postgres'));
      return createPostgresDriver({
        url: db.url,
        table,
        ...(connectMs.ms !== undefined && { connectTimeoutMs: connectMs.ms }),
        ...(settings.singleTransaction && { singleTransaction: true }),
        ...(settings.role !== undefined && { role: settings.role }),
        ...(settings.schema !== undefined && { schema: settings.schema }),
      });
    }
    case 'mongodb': {
      const { createMongoDriver } = await load(db, () => import('@godwit/driver-mongodb'));
      return createMongoDriver({
        url: db.url,
        table,
        ...(connectMs.ms !== undefined && { serverSelectionTimeoutMs: connectMs.ms }),
        ...lease,
      });
    }
  }
}

async function load<T>(db: ResolvedDatabase, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new GodwitError('CONNECTION_FAILED', `cannot load the ${db.kind} driver: ${redactSecrets(message)}`, {
      hint: `reinstall @godwit/cli (it ships the ${db.kind} driver)`,
      cause: e,
    });
  }
}
