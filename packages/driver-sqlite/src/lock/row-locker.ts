/**
 * The runner-level lock: a row in `<table>_lock`, written inside a BEGIN IMMEDIATE transaction so
 * two runners cannot both see "free" and both insert. A runner that was killed leaves its row
 * behind; the next runner takes it over when
 * - its lease has expired: the holder refreshes `expires_at` on a timer while it holds the lock,
 *   so a runner that died (or hangs) stops refreshing and its lock lapses after the TTL, whatever
 *   any process check says; or
 * - its process is certainly gone: same host, same boot, same PID namespace, and no process with
 *   that pid and start time (see process-identity.ts). A holder in another PID namespace (another
 *   container) cannot be checked from here, so only its lease tells.
 * A row written by an older Godwit (no lease) is stale when it names a process on this host that
 * no longer exists, as before.
 *
 * Each attempt runs with a busy timeout of 0 and the waiting happens here, in an asynchronous
 * poll: SQLite's own busy wait blocks the thread, so it would ignore the lock timeout and the
 * abort signal, and would dead-lock against a second driver in the same process. The refresh also
 * runs with a busy timeout of 0: when another connection is writing it tries again on the next
 * tick rather than blocking the process.
 *
 * A running statement blocks the refresh timer (better-sqlite3 is synchronous). While the statement
 * runs inside a transaction nobody can take the row over (the transaction holds the database's
 * write lock); `assertHeld`, called before each step, refreshes a lease that fell due meanwhile
 * and throws LOCK_LOST when the row is no longer ours.
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { GodwitError, type LockOptions, type Locker } from '@godwit/core';
import type { Db, SqliteConnection } from '../connection/connection.js';
import { DEFAULT_LOCK_REFRESH_MS, DEFAULT_LOCK_TTL_MS } from '../options.js';
import { storeError } from '../store/store-error.js';
import type { TableNames } from '../store/table-names.js';
import { describeHolder, LEASE_COLUMNS, type LockRow, lockSql } from './lock-sql.js';
import { isProcessAlive } from './process-alive.js';
import { currentIdentity, holderLiveness, type ProcessIdentity } from './process-identity.js';

const POLL_MS = 50;

type Attempt = { acquired: true; expiresAt: number } | { acquired: false; holder: LockRow | undefined };

export interface LeaseOptions {
  /** how long the lock lives without a refresh, ms (default 30000) */
  ttlMs?: number | undefined;
  /** how often a held lock is refreshed, ms (default 10000, or a third of ttlMs if less); below ttlMs */
  refreshMs?: number | undefined;
}

export interface RowLocker extends Locker {
  /** Releases synchronously if held (used by close()); never throws. */
  releaseQuietly(): void;
  /**
   * Throws GodwitError LOCK_LOST when the lock this locker took is no longer its own: its row was
   * taken over (after its lease expired) or deleted. Refreshes the lease first if a refresh is
   * due (a long statement may have kept the timer from running). A no-op when not held.
   */
  assertHeld(): void;
}

export function createRowLocker(connection: SqliteConnection, names: TableNames, lease: LeaseOptions = {}): RowLocker {
  const { ttlMs, refreshMs } = leaseTimes(lease);
  const sql = lockSql(names);
  // Who we are, read when first locking: a read-only command (`version`, `status`) never locks,
  // and reading /proc and the user database is start-up time it need not pay.
  let self: { me: ProcessIdentity; owner: string } | undefined;
  const identity = () => {
    if (!self) {
      const me = currentIdentity();
      self = { me, owner: `${currentUser()}@${me.host} pid ${me.pid}` };
    }
    return self;
  };

  /** the token of the row we hold, when we hold it */
  let held: string | undefined;
  /** the connection we took it on (a refresh never reopens a closed one) */
  let heldOn: Db | undefined;
  /** the expiry we last wrote: until then the lock is surely ours */
  let heldUntil = 0;
  /** why the lock is no longer ours, once the refresh found out */
  let lost: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  /** Runs `fn` with SQLite's busy wait off: a locked database answers SQLITE_BUSY at once. */
  function withoutBusyWait<T>(db: Db, fn: () => T): T {
    db.pragma('busy_timeout = 0');
    try {
      return fn();
    } finally {
      db.pragma(`busy_timeout = ${connection.busyTimeout}`);
    }
  }

  function attempt(db: Db, token: string): Attempt {
    try {
      return withoutBusyWait(db, () =>
        db
          .transaction((): Attempt => {
            db.exec(sql.create);
            addMissingColumns(db);
            const row = db.prepare(sql.select).get() as LockRow | undefined;
            const now = Date.now();
            if (row && !isStale(row, now)) return { acquired: false, holder: row };
            const expiresAt = now + ttlMs;
            db.prepare(sql.insert).run(
              identity().owner,
              identity().me.host,
              identity().me.pid,
              token,
              new Date(now).toISOString(),
              new Date(expiresAt).toISOString(),
              identity().me.bootId ?? null,
              identity().me.pidNs ?? null,
              identity().me.startTime ?? null,
            );
            return { acquired: true, expiresAt };
          })
          .immediate(),
      );
    } catch (e) {
      // Another connection is writing (taking the lock, or running a migration): try again later.
      if (isBusy(e)) return { acquired: false, holder: readHolder(db) };
      throw e;
    }
  }

  /** A lock table made before leases gets their columns (inside the attempt's transaction). */
  function addMissingColumns(db: Db): void {
    const have = new Set((db.prepare(sql.columns).all() as Array<{ name: string }>).map((c) => c.name));
    for (const column of LEASE_COLUMNS) if (!have.has(column)) db.exec(sql.addColumn(column));
  }

  function isStale(row: LockRow, now: number): boolean {
    if (row.expires_at == null) {
      // Written by a Godwit from before leases: the old rule.
      return row.host === identity().me.host && row.pid !== identity().me.pid && !isProcessAlive(row.pid);
    }
    const expiresAt = Date.parse(row.expires_at);
    if (Number.isNaN(expiresAt) || now >= expiresAt) return true;
    const holder = {
      host: row.host,
      pid: row.pid,
      bootId: row.boot_id ?? undefined,
      pidNs: row.pid_ns ?? undefined,
      startTime: row.start_time ?? undefined,
    };
    return holderLiveness(holder, identity().me) === 'dead';
  }

  function readHolder(db: Db): LockRow | undefined {
    try {
      return db.prepare(sql.select).get() as LockRow | undefined;
    } catch {
      return undefined; // no lock table yet, or a writer in the middle of its commit
    }
  }

  /**
   * Pushes our row's expiry forward. `busy`: another connection is writing, try again later;
   * `lost`: the row is not ours any more (then `lost` says why and the timer stops).
   */
  function renew(): 'renewed' | 'busy' | 'lost' {
    const db = heldOn;
    const token = held;
    if (token === undefined) return 'busy';
    if (lost !== undefined) return 'lost';
    if (!db?.open) {
      stopRefreshing(); // the connection was closed under us: nothing can be refreshed any more
      return 'busy';
    }
    const expiresAt = Date.now() + ttlMs;
    try {
      const changed = withoutBusyWait(db, () => db.prepare(sql.renew).run(new Date(expiresAt).toISOString(), token).changes);
      if (changed > 0) {
        heldUntil = expiresAt;
        return 'renewed';
      }
      const current = readHolder(db);
      lost = current ? `${current.owner} took it over since ${current.acquired_at}` : 'its row in the lock table was deleted';
    } catch (e) {
      if (isBusy(e) || !/no such table/.test(String((e as Error)?.message))) return 'busy'; // a blip: next tick
      lost = 'the lock table was dropped';
    }
    stopRefreshing();
    return 'lost';
  }

  function startRefreshing(): void {
    stopRefreshing();
    timer = setInterval(() => void renew(), refreshMs);
    // The timer must not keep a process alive that forgot to unlock; the lease then just lapses.
    timer.unref();
  }

  function stopRefreshing(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  function forget(): string | undefined {
    stopRefreshing();
    const token = held;
    held = undefined;
    heldOn = undefined;
    lost = undefined;
    return token;
  }

  return {
    async lock(options: LockOptions) {
      if (held !== undefined && lost === undefined) return;
      forget();
      // Taking the lock is a run's first write: from here it commits through WAL (journal-mode.ts).
      const db = connection.openForWrites();
      const token = randomUUID();
      const deadline = Date.now() + options.timeoutMs;
      let told = false;
      let holder: LockRow | undefined;
      for (;;) {
        if (options.signal?.aborted) throw cancelled();
        let result: Attempt;
        try {
          result = attempt(db, token);
        } catch (e) {
          throw storeError(e, `could not take the migration lock in ${connection.path}`);
        }
        if (result.acquired) {
          held = token;
          heldOn = db;
          heldUntil = result.expiresAt;
          startRefreshing();
          return;
        }
        holder = result.holder ?? holder;
        if (!told) {
          told = true;
          options.onWait?.(holder?.owner);
        }
        const left = deadline - Date.now();
        if (left <= 0) throw timedOut(options.timeoutMs, holder);
        try {
          await sleep(Math.min(POLL_MS, left), undefined, options.signal ? { signal: options.signal } : undefined);
        } catch {
          throw cancelled();
        }
      }
    },

    async unlock() {
      const db = heldOn;
      const token = forget();
      if (token === undefined || !db) return;
      try {
        if (db.open) db.prepare(sql.release).run(token);
      } catch (e) {
        throw storeError(e, `could not release the migration lock in ${connection.path}`);
      }
    },

    releaseQuietly() {
      const db = heldOn;
      const token = forget();
      if (token === undefined || !db?.open) return;
      try {
        db.prepare(sql.release).run(token);
      } catch {
        // closing anyway; a row left behind by this process is taken over once its lease expires
      }
    },

    assertHeld() {
      if (held === undefined) return;
      if (lost === undefined && Date.now() >= heldUntil - ttlMs + refreshMs) {
        // A refresh is due and the timer has not run (a statement kept the thread busy): do it now.
        if (renew() === 'busy' && Date.now() >= heldUntil) {
          throw lockLost(`its lease expired at ${new Date(heldUntil).toISOString()} and could not be renewed`);
        }
      }
      if (lost !== undefined) throw lockLost(lost);
    },
  };

  function lockLost(why: string): GodwitError {
    return new GodwitError('LOCK_LOST', `lost the migration lock on ${connection.path}: ${why}`, {
      hint: `another runner may be migrating this database now: let it finish, then check \`godwit status\`; a lock not refreshed for ${ttlMs} ms is taken over, so raise the lock TTL if single statements run longer`,
      data: { table: names.raw.lock, ttlMs },
    });
  }

  function timedOut(timeoutMs: number, holder: LockRow | undefined): GodwitError {
    const who = holder ? `held by ${describeHolder(holder)}` : 'another connection kept the database busy';
    const lapse = holder?.expires_at ? `; if it crashed, its lock is taken over when its lease expires (${holder.expires_at})` : '';
    return new GodwitError('LOCK_TIMEOUT', `could not take the migration lock on ${connection.path} within ${timeoutMs} ms: ${who}`, {
      hint: holder
        ? `wait for that runner to finish or stop it (process ${holder.pid} on ${holder.host})${lapse}, or raise --lock-timeout`
        : 'wait for the other writer to finish, or raise --lock-timeout',
      ...(holder && {
        data: { holder: holder.owner, since: holder.acquired_at, ...(holder.expires_at && { expiresAt: holder.expires_at }) },
      }),
    });
  }

  function cancelled(): GodwitError {
    return new GodwitError('ABORTED', `cancelled while waiting for the migration lock on ${connection.path}`);
  }
}

/** The lease times, with defaults, checked: a refresh must come well within the lifetime. */
export function leaseTimes(lease: LeaseOptions): { ttlMs: number; refreshMs: number } {
  const ttlMs = lease.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new GodwitError('USAGE', `lockTtlMs must be a positive whole number of milliseconds, not ${ttlMs}`, { hint: 'e.g. 30000' });
  }
  const refreshMs = lease.refreshMs ?? Math.max(1, Math.min(DEFAULT_LOCK_REFRESH_MS, Math.floor(ttlMs / 3)));
  if (!Number.isInteger(refreshMs) || refreshMs <= 0) {
    throw new GodwitError('USAGE', `lockRefreshMs must be a positive whole number of milliseconds, not ${refreshMs}`, { hint: 'e.g. 10000' });
  }
  if (refreshMs >= ttlMs) {
    throw new GodwitError('USAGE', `lockRefreshMs (${refreshMs}) must be below lockTtlMs (${ttlMs})`, {
      hint: 'refresh the lock well within its lifetime, e.g. a third of it',
    });
  }
  return { ttlMs, refreshMs };
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === 'SQLITE_BUSY' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY_'));
}

let user: string | undefined;

/** Read once per process (the passwd database; a fleet takes a lock per target). */
function currentUser(): string {
  if (user !== undefined) return user;
  try {
    user = userInfo().username;
  } catch {
    user = 'unknown'; // a uid with no passwd entry, common in containers
  }
  return user;
}
