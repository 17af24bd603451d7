/**
 * The runner-level lock: a row in `<table>_lock`, written inside a BEGIN IMMEDIATE transaction so
 * two runners cannot both see "free" and both insert. A runner that was killed leaves its row
 * behind; when the row names a process on this host that no longer exists, it is stale and the
 * next runner takes it over, so a crash never blocks migrations for good.
 *
 * Each attempt runs with a busy timeout of 0 and the waiting happens here, in an asynchronous
 * poll: SQLite's own busy wait blocks the thread, so it would ignore the lock timeout and the
 * abort signal, and would dead-lock against a second driver in the same process.
 */
import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { GodwitError, type LockOptions, type Locker } from '@godwit/core';
import type { Db, SqliteConnection } from '../connection/connection.js';
import { storeError } from '../store/store-error.js';
import type { TableNames } from '../store/table-names.js';
import { describeHolder, type LockRow, lockSql } from './lock-sql.js';
import { isProcessAlive } from './process-alive.js';

const POLL_MS = 50;

type Attempt = { acquired: true } | { acquired: false; holder: LockRow | undefined };

export interface RowLocker extends Locker {
  /** Releases synchronously if held (used by close()); never throws. */
  releaseQuietly(): void;
}

export function createRowLocker(connection: SqliteConnection, names: TableNames): RowLocker {
  const sql = lockSql(names);
  const host = hostname();
  const owner = `${currentUser()}@${host} pid ${process.pid}`;
  /** the token of the row we hold, when we hold it */
  let held: string | undefined;

  function attempt(db: Db, token: string): Attempt {
    const busyTimeout = connection.busyTimeout;
    db.pragma('busy_timeout = 0');
    try {
      return db
        .transaction((): Attempt => {
          db.exec(sql.create);
          const row = db.prepare(sql.select).get() as LockRow | undefined;
          if (row && !isStale(row)) return { acquired: false, holder: row };
          db.prepare(sql.insert).run(owner, host, process.pid, token, new Date().toISOString());
          return { acquired: true };
        })
        .immediate();
    } catch (e) {
      // Another connection is writing (taking the lock, or running a migration): try again later.
      if ((e as { code?: unknown }).code === 'SQLITE_BUSY') return { acquired: false, holder: readHolder(db) };
      throw e;
    } finally {
      db.pragma(`busy_timeout = ${busyTimeout}`);
    }
  }

  function isStale(row: LockRow): boolean {
    return row.host === host && row.pid !== process.pid && !isProcessAlive(row.pid);
  }

  function readHolder(db: Db): LockRow | undefined {
    try {
      return db.prepare(sql.select).get() as LockRow | undefined;
    } catch {
      return undefined; // no lock table yet, or a writer in the middle of its commit
    }
  }

  return {
    async lock(options: LockOptions) {
      if (held !== undefined) return;
      const db = connection.open();
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
      const token = held;
      if (token === undefined) return;
      held = undefined;
      try {
        connection.open().prepare(sql.release).run(token);
      } catch (e) {
        throw storeError(e, `could not release the migration lock in ${connection.path}`);
      }
    },

    releaseQuietly() {
      const token = held;
      held = undefined;
      if (token === undefined) return;
      try {
        connection.open().prepare(sql.release).run(token);
      } catch {
        // closing anyway; a row left behind by this live process is taken over once it exits
      }
    },
  };

  function timedOut(timeoutMs: number, holder: LockRow | undefined): GodwitError {
    const who = holder ? `held by ${describeHolder(holder)}` : 'another connection kept the database busy';
    return new GodwitError('LOCK_TIMEOUT', `could not take the migration lock on ${connection.path} within ${timeoutMs} ms: ${who}`, {
      hint: holder
        ? `wait for that runner to finish or stop it (process ${holder.pid} on ${holder.host}), or raise --lock-timeout`
        : 'wait for the other writer to finish, or raise --lock-timeout',
      ...(holder && { data: { holder: holder.owner, since: holder.acquired_at } }),
    });
  }

  function cancelled(): GodwitError {
    return new GodwitError('ABORTED', `cancelled while waiting for the migration lock on ${connection.path}`);
  }
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown'; // a uid with no passwd entry, common in containers
  }
}
