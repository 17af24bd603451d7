/**
 * The runners' lock: one document in `<table>_lock` whose `_id` is the store's name, holding the
 * owner and an expiry. It is a lease, not a session lock (MongoDB has none): the holder refreshes
 * the expiry on a timer, so a runner that crashes stops refreshing and its lock lapses after the
 * TTL, and the next runner takes it over.
 *
 * Taking it is one atomic write: update the document if it has expired (or is already ours),
 * inserting it if there is none. When another runner holds an unexpired lock the filter matches
 * nothing, the upsert tries to insert a second document with the same `_id`, and the server
 * answers E11000: busy. Expiry compares client clocks, so the TTL must dwarf any clock skew.
 */
import { GodwitError, type LockOptions } from '@godwit/core';
import type { Collection, Db } from 'mongodb';
import { type ErrorContext, isDuplicateKey, storeError } from '../connection/errors.js';
import type { StoreNames } from '../store/names.js';
import { newLockOwner } from './lock-owner.js';

interface LockDocument {
  _id: string;
  owner: string;
  acquired_at: Date;
  expires_at: Date;
}

export interface LeaseOptions {
  ttlMs: number;
  refreshMs: number;
}

export interface LeaseLocker {
  lock(options: LockOptions): Promise<void>;
  unlock(): Promise<void>;
  /** Throws when a lock this locker took has since been lost (expired and taken by another runner). */
  assertHeld(): void;
  /** Whether this locker took the lock and has not let go of it (lost or not). */
  isHeld(): boolean;
  readonly owner: string;
  close(): Promise<void>;
}

const FIRST_POLL_MS = 25;
const MAX_POLL_MS = 250;

export function createLeaseLocker(names: StoreNames, db: () => Promise<Db>, errors: ErrorContext, lease: LeaseOptions): LeaseLocker {
  const owner = newLockOwner();
  const key = names.versions;
  let held = false;
  let lost: string | undefined;
  /** until when the lock is surely ours: the expiry we last wrote */
  let heldUntil = 0;
  let timer: NodeJS.Timeout | undefined;

  const locks = async (): Promise<Collection<LockDocument>> => (await db()).collection<LockDocument>(names.lock);

  async function tryTake(): Promise<boolean> {
    const now = new Date();
    const expires = new Date(now.getTime() + lease.ttlMs);
    try {
      await (await locks()).findOneAndUpdate(
        { _id: key, $or: [{ expires_at: { $lte: now } }, { owner }] },
        { $set: { owner, acquired_at: now, expires_at: expires } },
        { upsert: true },
      );
      heldUntil = expires.getTime();
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw storeError(e, `take the migration lock in ${names.lock}`, errors);
    }
  }

  async function holder(): Promise<LockDocument | undefined> {
    try {
      return (await (await locks()).findOne({ _id: key })) ?? undefined;
    } catch {
      return undefined; // only used to word a message
    }
  }

  async function refresh(): Promise<void> {
    const expires = new Date(Date.now() + lease.ttlMs);
    try {
      const r = await (await locks()).updateOne({ _id: key, owner }, { $set: { expires_at: expires } });
      if (r.matchedCount === 0) {
        lost = `the lock in ${names.lock} expired and ${(await holder())?.owner ?? 'another runner'} took it`;
        stopRefreshing();
        return;
      }
      heldUntil = expires.getTime();
    } catch {
      // A blip: the next tick tries again; assertHeld notices if the lease runs out meanwhile.
    }
  }

  function startRefreshing(): void {
    stopRefreshing();
    timer = setInterval(() => void refresh(), lease.refreshMs);
    // The timer must not keep a process alive that forgot to unlock; the lease then just lapses.
    timer.unref();
  }

  function stopRefreshing(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  return {
    owner,

    async lock(options: LockOptions): Promise<void> {
      const started = Date.now();
      const deadline = started + options.timeoutMs;
      let told = false;
      let pause = FIRST_POLL_MS;
      for (;;) {
        if (options.signal?.aborted) throw aborted();
        if (await tryTake()) {
          held = true;
          lost = undefined;
          startRefreshing();
          return;
        }
        const current = await holder();
        if (!told) {
          options.onWait?.(current?.owner);
          told = true;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw timedOut(options.timeoutMs, current);
        await sleep(Math.min(left, pause + Math.random() * pause), options.signal);
        pause = Math.min(MAX_POLL_MS, pause * 2);
      }
    },

    async unlock(): Promise<void> {
      stopRefreshing();
      if (!held) return;
      held = false;
      try {
        await (await locks()).deleteOne({ _id: key, owner });
      } catch (e) {
        throw storeError(e, `release the migration lock in ${names.lock}`, errors);
      }
    },

    assertHeld(): void {
      if (!held) return;
      const why = lost ?? (Date.now() > heldUntil ? `the lock in ${names.lock} could not be refreshed before it expired` : undefined);
      if (why) {
        throw new GodwitError('LOCK_LOST', `lost the migration lock: ${why}`, {
          hint: 'another runner may be migrating this database now; let it finish, then check `godwit status`',
        });
      }
    },

    isHeld: () => held,

    async close(): Promise<void> {
      stopRefreshing();
    },
  };

  function timedOut(timeoutMs: number, current: LockDocument | undefined): GodwitError {
    const who = current
      ? `held by ${current.owner} since ${current.acquired_at.toISOString()}`
      : 'another runner kept taking it';
    return new GodwitError('LOCK_TIMEOUT', `could not take the migration lock within ${formatMs(timeoutMs)}: ${who}`, {
      hint: current
        ? `wait for that runner to finish, or raise --lock-timeout; if it crashed, its lock expires at ${current.expires_at.toISOString()}`
        : 'raise --lock-timeout',
      data: { collection: names.lock, ...(current && { owner: current.owner, expiresAt: current.expires_at.toISOString() }) },
    });
  }
}

function aborted(): GodwitError {
  return new GodwitError('ABORTED', 'cancelled while waiting for the migration lock');
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
