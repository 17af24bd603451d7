/**
 * `createSqliteDriver`: ties connection, store, locker, prepare and apply together. Nothing opens
 * until first used, so creating a driver, or a dry run that only prepares, touches no file.
 */
import type { Driver } from '@godwit/core';
import { GodwitError } from '@godwit/core';
import { applyStep } from './apply/apply.js';
import { SqliteConnection } from './connection/connection.js';
import { createRowLocker } from './lock/row-locker.js';
import { DEFAULT_BUSY_TIMEOUT_MS, DEFAULT_TABLE, type SqliteDriverOptions } from './options.js';
import { prepareStep } from './prepare/prepare.js';
import { Store } from './store/store.js';
import { tableNames } from './store/table-names.js';
import { createVersionStore } from './store/version-store.js';
import { writeState } from './store/write-state.js';

export function createSqliteDriver(options: SqliteDriverOptions): Driver {
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
  const locker = createRowLocker(connection, names);

  return {
    name: 'sqlite',
    target: `sqlite:${options.path}`,
    // The lock row outlives a crashed runner (it is taken over when its process is gone), so the
    // locks are not server-side in the contract's sense.
    capabilities: { transactionalDdl: true, serverSideLocks: false, partKinds: ['sql'] },
    store: createVersionStore(store),
    locker: { lock: (o) => locker.lock(o), unlock: () => locker.unlock() },
    prepare: prepareStep,
    apply: (step, ctx) => applyStep(store, step, ctx),
    async writeState(change, ctx) {
      writeState(store, change, ctx);
    },
    async close() {
      locker.releaseQuietly();
      connection.close();
    },
  };
}
