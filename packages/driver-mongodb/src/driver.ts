/**
 * `createMongoDriver`: ties the parts together. Nothing connects until first used, so creating a
 * driver (or a dry run, which only prepares) is cheap; a bad URL fails here, before anything else.
 */
import { type Driver, GodwitError } from '@godwit/core';
import { createPeerReader } from './adopt/peer-reader.js';
import { describeError } from './apply/describe-error.js';
import { type MongoSession, openSession } from './apply/session.js';
import { Connection } from './connection/connection.js';
import { inspectMongo } from './inspect/inspect.js';
import { createSnapshotStore } from './inspect/snapshot-store.js';
import { createLeaseLocker } from './lock/lease-locker.js';
import {
  DEFAULT_LOCK_REFRESH_MS,
  DEFAULT_LOCK_TTL_MS,
  DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
  DEFAULT_TABLE,
  type MongoDriverOptions,
} from './options.js';
import { prepareStep } from './prepare.js';
import { createScratch } from './scratch/scratch.js';
import { ChainPositions } from './store/chains.js';
import { HistoryLog } from './store/history-log.js';
import { storeNames } from './store/names.js';
import { createVersionStore } from './store/version-store.js';
import { createStoreWriter } from './store/writer.js';

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
  const chains = new ChainPositions();
  let closed = false;

  // No `transaction`: MongoDB runs arbitrary commands outside any, so core gives every step its
  // dirty protocol (run/step-protocol.ts), on sessions from `session`.
  const driver: Driver<MongoSession> = {
    name: 'mongodb',
    target: errors.target,
    capabilities: { transactionalDdl: false, serverSideLocks: false, partKinds: ['json'], batches: true },
    store: createVersionStore(names, db, errors, { log: history, chains, lockHeld: () => locker.isHeld() }),
    writer: createStoreWriter(names, history, chains),
    locker: {
      async lock(o) {
        await locker.lock(o);
        // Others may have written history and records while we did not hold the lock.
        history.reset();
        chains.reset();
      },
      unlock: () => locker.unlock(),
      assertHeld: () => locker.assertHeld(),
    },
    prepare: prepareStep,
    session: async (limits) => openSession(await db(), limits),
    describeError: (e, statement) => describeError(e, statement, errors),
    peers: createPeerReader(db, errors),
    inspect: async () => inspectMongo(await db(), names),
    snapshots: createSnapshotStore(names, db),
    scratch: async (o) =>
      createScratch(
        {
          url: options.url.trim(),
          driverFor: (url) => createMongoDriver({ ...options, url }),
          async dropDatabase(url) {
            const c = new Connection({ url, serverSelectionTimeoutMs });
            try {
              await (await c.db()).dropDatabase();
            } finally {
              await c.close();
            }
          },
        },
        o,
      ),
    backup: async (request) =>
      (await import('./backup/choose.js')).mongoBackupEngine({ url: options.url.trim(), secrets: errors.secrets, db, lockCollection: names.lock }, request),

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
  return driver;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new GodwitError('USAGE', `${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return Math.round(value);
}
