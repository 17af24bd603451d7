/**
 * The Locker on PostgreSQL: a session-level advisory lock on a session of its own, so it is held
 * across the per-migration transactions of the main session and released by the server if this
 * process dies. Waiting happens on the server (pg_advisory_lock under lock_timeout), so waiters
 * are served in arrival order and take the lock the moment it is free.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GodwitError, type Locker, type LockOptions } from '@godwit/core';
import { closeSession, type Session } from '../connection/connect.js';
import type { Sessions } from '../connection/sessions.js';
import type { StoreNames } from '../store/store-sql.js';
import { codeOf } from '../store/version-store.js';
import { describeHolder } from './lock-holder.js';
import { type LockKey, lockKey } from './lock-key.js';

/** How soon a cancel that found nothing to cancel is sent again. */
const CANCEL_RETRY_MS = 50;

export interface AdvisoryLocker extends Locker {
  /** Throws when the lock was taken and its session has since ended (the lock is gone with it). */
  assertHeld(): void;
  close(): Promise<void>;
}

export function createAdvisoryLocker(sessions: Sessions, names: StoreNames): AdvisoryLocker {
  let session: Session | undefined;
  let key: LockKey | undefined;
  let held = false;
  const label = names.schema === undefined ? names.table : `${names.schema}.${names.table}`;

  async function ensureSession(): Promise<Session> {
    if (session && !session.lost) return session;
    session = await sessions.open();
    key = undefined;
    return session;
  }

  async function keyFor(s: Session): Promise<LockKey> {
    if (key) return key;
    let schema = names.schema;
    if (schema === undefined) {
      // The same table reached through search_path and through its qualified name is one store.
      const r = await s.client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
      schema = r.rows[0]?.schema ?? '';
    }
    key = lockKey(schema, names.table);
    return key;
  }

  function timeoutError(timeoutMs: number, holder: string | undefined): GodwitError {
    return new GodwitError(
      'LOCK_TIMEOUT',
      `could not take the migration lock on ${label} within ${timeoutMs} ms: ${holder ? `held by ${holder}` : 'another runner holds it'}`,
      {
        hint: 'wait for the other runner to finish, or raise --lock-timeout; a crashed runner releases the lock when its session ends',
        ...(holder !== undefined && { data: { holder } }),
      },
    );
  }

  return {
    async lock(options: LockOptions) {
      if (held && session && !session.lost) return;
      held = false;
      if (options.signal?.aborted) throw abortError(options.signal);
      const s = await ensureSession();
      const k = await keyFor(s);
      const first = await s.client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${k.key}) AS ok`);
      if (first.rows[0]?.ok) {
        held = true;
        return;
      }
      const holder = await describeHolder(s.client, k);
      options.onWait?.(holder);
      if (options.timeoutMs <= 0) throw timeoutError(options.timeoutMs, holder);

      // A cancel only stops what the session is running at that moment: one that lands between
      // SET lock_timeout and pg_advisory_lock (the session idle) would be lost, and the wait would
      // last its full timeout. So cancelling repeats until the wait has ended.
      let waiting = true;
      const onAbort = () => {
        void (async () => {
          while (waiting) {
            await sessions.cancel(s.pid);
            if (waiting) await sleep(CANCEL_RETRY_MS);
          }
        })();
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        await s.client.query(`SET lock_timeout = ${Math.max(1, Math.ceil(options.timeoutMs))}`);
        await s.client.query(`SELECT pg_advisory_lock(${k.key})`);
        held = true;
      } catch (e) {
        if (options.signal?.aborted) throw abortError(options.signal);
        if (codeOf(e) === '55P03') throw timeoutError(options.timeoutMs, (await describeHolder(s.client, k)) ?? holder);
        throw new GodwitError('CONNECTION_FAILED', `lost the session waiting for the migration lock: ${(e as Error).message}`, {
          hint: 'check the server and run again',
          cause: e,
        });
      } finally {
        waiting = false;
        options.signal?.removeEventListener('abort', onAbort);
        if (!s.lost) await s.client.query('RESET lock_timeout').catch(() => undefined);
      }
    },

    async unlock() {
      if (!held) return;
      held = false;
      const s = session;
      if (!s || s.lost || !key) return; // the server released it with the session
      await s.client.query(`SELECT pg_advisory_unlock(${key.key})`);
    },

    assertHeld() {
      if (held && session?.lost) {
        throw new GodwitError('CONNECTION_FAILED', `lost the migration lock on ${label}: its session ended (${session.lost.message})`, {
          hint: 'another runner may have started; run the command again',
        });
      }
    },

    async close() {
      held = false;
      const s = session;
      session = undefined;
      await closeSession(s);
    },
  };
}

export function abortError(signal: AbortSignal): GodwitError {
  const reason = signal.reason;
  if (reason instanceof GodwitError) return reason;
  return new GodwitError('ABORTED', 'cancelled', { hint: 'run the command again to continue' });
}
