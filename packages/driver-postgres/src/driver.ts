/**
 * `createPostgresDriver`: ties the parts together. Nothing connects until first used, so creating
 * a driver (or a dry run that only prepares) is cheap and cannot fail on the network.
 */
import { type ApplyContext, type Driver, GodwitError, redactUrl, type StateChange } from '@godwit/core';
import { applyStep, type SingleTransaction } from './apply/apply.js';
import { connectionSettings, passwordsIn } from './connection/config.js';
import { Sessions } from './connection/sessions.js';
import { createAdvisoryLocker } from './lock/advisory-locker.js';
import { DEFAULT_APPLICATION_NAME, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_TABLE, type PostgresDriverOptions } from './options.js';
import { prepareStep } from './prepare.js';
import { storeNames } from './store/store-sql.js';
import { parseTableName } from './store/table-name.js';
import { createVersionStore } from './store/version-store.js';
import { writeState } from './store/write-state.js';

export function createPostgresDriver(options: PostgresDriverOptions): Driver {
  if (typeof options?.url !== 'string' || options.url.trim() === '') {
    throw new GodwitError('USAGE', 'the PostgreSQL driver needs a database URL', { hint: 'e.g. postgres://user@localhost:5432/app' });
  }
  const url = options.url.trim();
  const names = storeNames(parseTableName(options.table ?? DEFAULT_TABLE));
  const secrets = passwordsIn(url);
  const settings = connectionSettings(url, {
    applicationName: options.applicationName ?? DEFAULT_APPLICATION_NAME,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
  const sessions = new Sessions({ url, settings, secrets });
  const locker = createAdvisoryLocker(sessions, names);
  const single: SingleTransaction | undefined = options.singleTransaction ? { steps: 0 } : undefined;
  let serverVersion: number | undefined;
  /** the signal of the latest step: a single transaction is rolled back, not committed, if it fired */
  let lastSignal: AbortSignal | undefined;
  let closed = false;

  const mainClient = async () => (await sessions.main()).client;

  /** Ends the run's single transaction: COMMIT, or ROLLBACK when the run was cancelled. */
  async function finishSingleTransaction(commit: boolean): Promise<void> {
    const s = single?.session;
    if (!single || !s) return;
    single.session = undefined;
    const steps = single.steps;
    single.steps = 0;
    if (s.lost) return;
    if (!commit) {
      await s.client.query('ROLLBACK').catch(() => undefined);
      return;
    }
    try {
      await s.client.query('COMMIT');
    } catch (e) {
      await s.client.query('ROLLBACK').catch(() => undefined);
      throw new GodwitError('MIGRATION_FAILED', `the run's single transaction did not commit, so none of its ${steps} migration(s) were kept: ${(e as Error).message}`, {
        hint: 'fix the cause (often a deferred constraint) and run again',
        cause: e,
      });
    }
  }

  return {
    name: 'postgres',
    target: redactUrl(url),
    capabilities: { transactionalDdl: true, serverSideLocks: true, partKinds: ['sql'] },
    store: createVersionStore(names, mainClient),
    locker: {
      lock: (o) => locker.lock(o),
      async unlock() {
        try {
          // finishRun committed a finished run; anything still open here did not finish.
          await finishSingleTransaction(false);
        } finally {
          await locker.unlock();
        }
      },
    },

    prepare(migration, loaded, direction) {
      return prepareStep(migration, loaded, direction, {
        singleTransaction: single !== undefined,
        async serverVersion() {
          if (serverVersion === undefined) {
            const r = await (await mainClient()).query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
            serverVersion = Number(r.rows[0]?.v ?? 0);
          }
          return serverVersion;
        },
      });
    },

    apply(step, ctx) {
      lastSignal = ctx.signal;
      return applyStep({ sessions, names, secrets, assertLocked: () => locker.assertHeld(), ...(single && { single }) }, step, ctx);
    },

    async writeState(change: StateChange, ctx: ApplyContext) {
      const open = single?.session;
      const client = open && !open.lost ? open.client : await mainClient();
      try {
        await writeState(client, names, change, ctx, open !== undefined);
      } catch (e) {
        if (e instanceof GodwitError) throw e;
        throw new GodwitError('STORE_ERROR', `could not write the version store ${names.tableSql}: ${(e as Error).message}`, { cause: e });
      }
    },

    async finishRun(outcome) {
      if (!single) return { kept: true };
      const commit = outcome.ok && !lastSignal?.aborted;
      await finishSingleTransaction(commit);
      return { kept: commit };
    },

    async close() {
      if (closed) return;
      closed = true;
      // Closing without unlocking means the run did not finish normally: keep nothing of it.
      await finishSingleTransaction(false).catch(() => undefined);
      await locker.close();
      await sessions.close();
    },
  };
}
