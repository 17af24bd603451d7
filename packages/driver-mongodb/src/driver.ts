/**
 * `createMongoDriver`: ties the parts together. Nothing connects until first used, so creating a
 * driver (or a dry run, which only prepares) is cheap; a bad URL fails here, before anything else.
 */
import { type ApplyContext, type Driver, GodwitError, type StateChange } from '@godwit/core';
import { applyStep } from './apply/apply.js';
import { Connection } from './connection/connection.js';
import { storeError } from './connection/errors.js';
import { createLeaseLocker } from './lock/lease-locker.js';
import {
  DEFAULT_LOCK_REFRESH_MS,
  DEFAULT_LOCK_TTL_MS,
  DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
  DEFAULT_TABLE,
  type MongoDriverOptions,
} from './options.js';
import { prepareStep } from './prepare.js';
import { HistoryLog } from './store/history-log.js';
import { storeNames } from './store/names.js';
import { createVersionStore } from './store/version-store.js';
import { writeState } from './store/write-state.js';

export function createMongoDriver(options: MongoDriverOptions): Driver {
  if (typeof options?.url !== 'string' || options.url.trim() === '') {
    throw new GodwitError('USAGE', 'the MongoDB driver needs a database URL', { hint: 'e.g. mongodb://localhost:27017/app' });
  }
  const serverSelectionTimeoutMs = positive(options.serverSelectionTimeoutMs, DEFAULT_SERVER_SELECTION_TIMEOUT_MS, 'serverSelectionTimeoutMs');
  const ttlMs = positive(options.lockTtlMs, DEFAULT_LOCK_TTL_MS, 'lockTtlMs');
  const refreshMs = positive(options.lockRefreshMs, Math.min(DEFAULT_LOCK_REFRESH_MS, Math.floor(ttlMs / 3)), 'lockRefreshMs');
  if (refreshMs >= ttlMs) {
    throw new GodwitError('USAGE', `lockRefreshMs (${refreshMs}) must be below lockTtlMs (${ttlMs})`, {
      hint: 'refresh the lock well within its lifetime, e.g. a third of it',
    });
  }
  const names = storeNames(options.table ?? DEFAULT_TABLE);
  const connection = new Connection({ url: options.url.trim(), serverSelectionTimeoutMs });
  const errors = connection.errors;
  const db = () => connection.db();
  const locker = createLeaseLocker(names, db, errors, { ttlMs, refreshMs });
  const history = new HistoryLog();
  let closed = false;

  return {
    name: 'mongodb',
    target: errors.target,
    capabilities: { transactionalDdl: false, serverSideLocks: false, partKinds: ['json'] },
    store: createVersionStore(names, db, errors),
    locker: {
      async lock(o) {
        await locker.lock(o);
        // Others may have written history while we did not hold the lock.
        history.reset();
      },
      unlock: () => locker.unlock(),
    },
    prepare: prepareStep,

    async apply(step, ctx) {
      return applyStep({ db: await db(), names, errors, history, assertLocked: () => locker.assertHeld() }, step, ctx);
    },

    async writeState(change: StateChange, ctx: ApplyContext) {
      locker.assertHeld();
      const d = await db();
      try {
        await writeState(d, names, history, change, ctx);
      } catch (e) {
        throw storeError(e, `write the version store ${names.versions}`, errors);
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      // A driver closed while holding the lock (a run that never reached unlock) lets it go now
      // rather than making the next runner wait out the TTL.
      await locker.unlock().catch(() => undefined);
      await locker.close();
      await connection.close();
    },
  };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new GodwitError('USAGE', `${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return Math.round(value);
}
