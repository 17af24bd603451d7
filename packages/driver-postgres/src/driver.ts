/**
 * `createPostgresDriver`: ties the parts together. Nothing connects until first used, so creating
 * a driver (or a dry run that only prepares) is cheap and cannot fail on the network. The step
 * protocol is core's; this driver provides its primitives (see @godwit/core's driver contract).
 */
import { DEFAULT_TABLE, type Driver, GodwitError, redactUrl, secretsOf } from '@godwit/core';
import { createPeerReader } from './adopt/peer-reader.js';
import { connectionSettings, schemaOption } from './connection/config.js';
import { Sessions } from './connection/sessions.js';
import { createAdvisoryLocker } from './lock/advisory-locker.js';
import { describeTableLockHolders } from './lock/table-lock-holders.js';
import { DEFAULT_APPLICATION_NAME, DEFAULT_CONNECT_TIMEOUT_MS, type PostgresDriverOptions } from './options.js';
import { prepareStep } from './prepare.js';
import { describePgError } from './session/describe-error.js';
import { openPlainSession } from './session/plain-session.js';
import type { PgStepSession } from './session/step-session.js';
import { createSyntaxChecks } from './session/syntax-batch.js';
import { createTransactions } from './session/transaction.js';
import { parserLoaded } from './sql/split.js';
import { storeNames } from './store/store-sql.js';
import { parseTableName } from './store/table-name.js';
import { createVersionStore } from './store/version-store.js';
import { inspectPostgres } from './inspect/inspect.js';
import { createSnapshotStore } from './inspect/snapshot-store.js';
import { postgresRehearsal } from './rehearse/probe.js';
import { createStoreWriter } from './store/writer.js';

export function createPostgresDriver(options: PostgresDriverOptions): Driver {
  if (typeof options?.url !== 'string' || options.url.trim() === '') {
    throw new GodwitError('USAGE', 'the PostgreSQL driver needs a database URL', { hint: 'e.g. postgres://user@localhost:5432/app' });
  }
  const url = options.url.trim();
  const schema = schemaOption(options.schema);
  const tableName = parseTableName(options.table ?? DEFAULT_TABLE);
  // A schema target keeps its store inside its schema, so tenants never share a version row or a lock.
  const names = storeNames(schema !== undefined && tableName.schema === undefined ? { ...tableName, schema } : tableName);
  const secrets = secretsOf(url);
  const settings = connectionSettings(url, {
    applicationName: options.applicationName ?? DEFAULT_APPLICATION_NAME,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  }, schema);
  if (options.role !== undefined && (typeof options.role !== 'string' || options.role.trim() === '')) {
    throw new GodwitError('USAGE', 'the PostgreSQL role (--role) is empty', { hint: 'name the role that should own the migrated objects, e.g. --role app_owner' });
  }
  const sessions = new Sessions({ url, settings, secrets, ...(options.role !== undefined && { role: options.role }) });
  const syntax = createSyntaxChecks(sessions);
  const locker = createAdvisoryLocker(sessions, names);
  const single = options.singleTransaction === true;
  const transactions = createTransactions(sessions, { single, secrets });
  let serverVersion: number | undefined;
  let closed = false;

  const mainClient = async () => (await sessions.main()).client;

  const driver: Driver<PgStepSession> = {
    name: 'postgres',
    target: redactUrl(url),
    capabilities: { transactionalDdl: true, serverSideLocks: true, partKinds: ['sql'], batches: true, ...(single && { oneTransactionPerRun: true }) },
    store: createVersionStore(names, mainClient),
    writer: createStoreWriter(names),
    locker: {
      lock: (o) => locker.lock(o),
      // The advisory lock dies with its session; this notices that before the next step.
      assertHeld: () => locker.assertHeld(),
      async unlock() {
        try {
          // finishRun committed a finished run; anything still open here did not finish.
          await transactions.finishRun(false);
        } finally {
          await locker.unlock();
        }
      },
    },

    // Every part of the run checked by the server at once (see session/syntax-batch.ts).
    async preparePlan(parts) {
      if (!parserLoaded()) await syntax.checkAll(parts).catch(() => undefined);
    },

    prepare(migration, loaded, direction) {
      return prepareStep(migration, loaded, direction, {
        singleTransaction: single,
        // A part of plain statements is split without the bundled parser and checked by the
        // server's; once something has loaded the bundled one (lint before up, a statement that
        // needed it), it is as cheap to use it and saves the round trip.
        ...(!parserLoaded() && { checkSyntax: (texts: string[]) => syntax.check(texts) }),
        async serverVersion() {
          if (serverVersion === undefined) {
            const r = await (await mainClient()).query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
            serverVersion = Number(r.rows[0]?.v ?? 0);
          }
          return serverVersion;
        },
      });
    },

    transaction: (limits, fn) => transactions.transaction(limits, fn),
    session: (limits) => openPlainSession(sessions, limits),
    describeError: (e, statement) => describePgError(e, statement, secrets),
    checkSetup: async () =>
      (await import('./doctor/setup-check.js')).checkSetup(await mainClient(), {
        storeTable: names.table,
        ...(options.role !== undefined && { role: options.role }),
      }),
    peers: createPeerReader(mainClient),
    lockHolders: async () => describeTableLockHolders(await mainClient()),
    inspect: async () => inspectPostgres(await mainClient(), names, schema),
    snapshots: createSnapshotStore(names, mainClient),
    rehearsal: postgresRehearsal,
    scratch: async (o) =>
      (await import('./scratch/scratch.js')).createScratch({ url, secrets, client: mainClient, driverFor: (u) => createPostgresDriver({ ...options, url: u }) }, o),
    backup: async (request) => (await import('./backup/pg-dump.js')).pgDumpEngine({ url, secrets, client: mainClient }, request),
    ...(single && { finishRun: ({ ok }: { ok: boolean }) => transactions.finishRun(ok) }),

    async close() {
      if (closed) return;
      closed = true;
      // Closing without unlocking means the run did not finish normally: keep nothing of it.
      await transactions.finishRun(false).catch(() => undefined);
      await locker.close();
      await sessions.close();
    },
  };
  return driver;
}
