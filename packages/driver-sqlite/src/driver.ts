/**
 * `createSqliteDriver`: ties connection, store, locker, prepare and the step primitives together
 * (core's step protocol drives them). Nothing opens until first used, so creating a driver, or a
 * dry run that only prepares, touches no file.
 *
 * `--statement-timeout` is refused (`capabilities.statementTimeout: false`, and exec/limits.ts
 * for library callers): better-sqlite3 cannot interrupt a statement. The run's signal (time
 * limit, Ctrl-C) is honoured between statements.
 */
import type { Driver } from '@godwit/core';
import { DEFAULT_TABLE, GodwitError } from '@godwit/core';
import { createPeerReader } from './adopt/peer-reader.js';
import { SqliteConnection } from './connection/connection.js';
import { createRowLocker } from './lock/row-locker.js';
import { DEFAULT_BUSY_TIMEOUT_MS, type SqliteDriverOptions } from './options.js';
import { prepareStep } from './prepare/prepare.js';
import { Store } from './store/store.js';
import { tableNames } from './store/table-names.js';
import { createVersionStore } from './store/version-store.js';
import { describeSqliteError } from './session/describe-error.js';
import { inTransaction, plainSession, type SqliteSession, sqliteWriter } from './session/sqlite-session.js';
import { inspectSqlite } from './inspect/inspect.js';
import { createSnapshotStore } from './inspect/snapshot-store.js';
import { createScratch } from './scratch/scratch.js';
import { sqliteRehearsal } from './rehearse/probe.js';

export function createSqliteDriver(options: SqliteDriverOptions): Driver<SqliteSession> {
  if (typeof options?.path !== 'string') {
    throw new GodwitError('USAGE', 'the SQLite driver needs a database path', { hint: 'e.g. --database sqlite:./dev.db' });
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new GodwitError('USAGE', `busyTimeoutMs must be a whole number of milliseconds, not ${busyTimeoutMs}`);
  }
  const names = tableNames(options.table ?? DEFAULT_TABLE);
  const connection = new SqliteConnection(options.path, busyTimeoutMs);
  const store = new Store(connection, names);
  const locker = createRowLocker(connection, names, {
    ...(options.lockTtlMs !== undefined && { ttlMs: options.lockTtlMs }),
    ...(options.lockRefreshMs !== undefined && { refreshMs: options.lockRefreshMs }),
  });

  return {
    name: 'sqlite',
    target: `sqlite:${options.path}`,
    // The lock row outlives a crashed runner (it is taken over when its process is gone), so the
    // locks are not server-side in the contract's sense.
    capabilities: { transactionalDdl: true, serverSideLocks: false, partKinds: ['sql'], statementTimeout: false, batches: true },
    store: createVersionStore(store),
    locker: { lock: (o) => locker.lock(o), unlock: () => locker.unlock(), assertHeld: () => locker.assertHeld() },
    prepare: prepareStep,
    writer: sqliteWriter,
    transaction: (limits, fn) => inTransaction(store, limits, fn),
    session: async (limits) => plainSession(store, limits),
    describeError: describeSqliteError,
    peers: createPeerReader(connection),
    inspect: async () => inspectSqlite(connection, names),
    snapshots: createSnapshotStore(connection, names),
    rehearsal: sqliteRehearsal,
    scratch: async (o) => createScratch((path) => createSqliteDriver({ ...options, path }), o),
    backup: async () => (await import('./backup/sqlite-backup.js')).sqliteBackupEngine(connection, names.raw.versions),
    async close() {
      locker.releaseQuietly();
      connection.close();
    },
  };
}
