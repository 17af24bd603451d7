/**
 * The lock's lease and its holder's process identity: rows written by hand stand for runners in
 * other containers, reused pids and older Godwit versions. Waits are polls for a state, never
 * fixed sleeps; the TTLs are short so each test takes well under a second.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GodwitError } from '@godwit/core';
import { tempDir } from '../__fixtures__/steps.js';
import { SqliteConnection } from '../connection/connection.js';
import { tableNames } from '../store/table-names.js';
import { LEASE_COLUMNS, type LockRow, lockSql } from './lock-sql.js';
import { currentIdentity, holderLiveness } from './process-identity.js';
import { createRowLocker, type LeaseOptions, leaseTimes, type RowLocker } from './row-locker.js';

const names = tableNames('godwit_migrations');
const sql = lockSql(names);
const me = currentIdentity();
const linux = me.startTime !== undefined && me.pidNs !== undefined;

let tmp: ReturnType<typeof tempDir>;
let path: string;
const cleanups: Array<() => void> = [];
const children: ChildProcess[] = [];

beforeEach(() => {
  tmp = tempDir();
  path = tmp.path();
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  tmp.cleanup();
});

function locker(lease: LeaseOptions = {}): RowLocker {
  const connection = new SqliteConnection(path, 5000);
  const l = createRowLocker(connection, names, lease);
  cleanups.push(() => {
    l.releaseQuietly();
    connection.close();
  });
  return l;
}

/** A connection of the test's own, as another runner (or a person) would have. */
function other(): Database.Database {
  const db = new Database(path);
  cleanups.push(() => db.close());
  return db;
}

function row(): LockRow | undefined {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql.select).get() as LockRow | undefined;
  } finally {
    db.close();
  }
}

/** Writes the lock row as another runner would have, with this process's identity unless overridden. */
function writeRow(fields: Partial<LockRow> & { pid: number }): void {
  const db = other();
  db.exec(sql.create);
  const now = Date.now();
  const full: LockRow = {
    owner: `other@${me.host} pid ${fields.pid}`,
    host: me.host,
    token: 'other-token',
    acquired_at: new Date(now - 60_000).toISOString(),
    expires_at: new Date(now + 60_000).toISOString(),
    boot_id: me.bootId ?? null,
    pid_ns: me.pidNs ?? null,
    start_time: me.startTime ?? null,
    ...fields,
  };
  db.prepare(
    `INSERT OR REPLACE INTO ${names.lock} (id, owner, host, pid, token, acquired_at, expires_at, boot_id, pid_ns, start_time)
     VALUES (1, @owner, @host, @pid, @token, @acquired_at, @expires_at, @boot_id, @pid_ns, @start_time)`,
  ).run(full);
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function thrownBy(fn: () => void): GodwitError | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e as GodwitError;
  }
}

/** Keeps the thread busy in SQLite for at least `ms`, the way a long statement does. */
function longStatement(ms: number): void {
  const db = new Database(':memory:');
  const started = Date.now();
  try {
    while (Date.now() - started < ms) db.prepare('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) SELECT count(*) FROM c').get();
  } finally {
    db.close();
  }
}

function startTimeOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

describe('the lease', () => {
  it('is written with the lock, with who holds it down to the process', async () => {
    const before = Date.now();
    await locker({ ttlMs: 5000 }).lock({ timeoutMs: 1000 });
    const r = row()!;
    expect(r).toMatchObject({ pid: process.pid, host: me.host, boot_id: me.bootId ?? null, pid_ns: me.pidNs ?? null, start_time: me.startTime ?? null });
    const expires = Date.parse(r.expires_at!);
    expect(expires).toBeGreaterThanOrEqual(before + 5000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 5000);
  });

  it('is refreshed while held, so a waiter cannot take a live lock however long it waits', async () => {
    const a = locker({ ttlMs: 500, refreshMs: 50 });
    await a.lock({ timeoutMs: 1000 });
    const { token, expires_at: first } = row() as LockRow & { expires_at: string };
    await until(() => row()!.expires_at! > first);

    const b = locker({ ttlMs: 500, refreshMs: 50 });
    const error = (await b.lock({ timeoutMs: 1200 }).catch((e: unknown) => e)) as GodwitError;
    expect(error.code).toBe('LOCK_TIMEOUT'); // more than two lifetimes: only the refresh kept it
    expect(error.hint).toMatch(/lease expires/);
    await a.unlock();
    await b.lock({ timeoutMs: 500 });
    expect(row()!.token).not.toBe(token);
  });

  it('once expired, is taken over at once even though its holder is alive', async () => {
    writeRow({ pid: process.pid, expires_at: new Date(Date.now() - 1).toISOString() }); // this live process
    const started = Date.now();
    await locker().lock({ timeoutMs: 2000 });
    expect(Date.now() - started).toBeLessThan(500);
    expect(row()!.token).not.toBe('other-token');
  });

  it('of a live holder is waited for, then taken over the moment it expires', async () => {
    const expiresAt = Date.now() + 500;
    writeRow({ pid: process.pid, expires_at: new Date(expiresAt).toISOString() });
    const l = locker();
    await expect(l.lock({ timeoutMs: 100 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    await l.lock({ timeoutMs: 3000 });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(row()!.pid).toBe(process.pid);
  });

  it('has its times checked when the locker is made', () => {
    expect(leaseTimes({})).toEqual({ ttlMs: 30_000, refreshMs: 10_000 });
    expect(leaseTimes({ ttlMs: 3000 })).toEqual({ ttlMs: 3000, refreshMs: 1000 });
    expect(() => leaseTimes({ ttlMs: 1000, refreshMs: 1000 })).toThrowError(expect.objectContaining({ code: 'USAGE' }));
    expect(() => leaseTimes({ ttlMs: 0 })).toThrowError(expect.objectContaining({ code: 'USAGE' }));
    expect(() => leaseTimes({ ttlMs: 1.5 })).toThrowError(expect.objectContaining({ code: 'USAGE' }));
    expect(() => createRowLocker(new SqliteConnection(path, 5000), names, { ttlMs: 100, refreshMs: 200 })).toThrowError(/must be below/);
  });
});

describe('a row left by a dead runner in a container (pid 1)', () => {
  it('in another PID namespace is not judged by a pid check here: it waits for its lease, then is taken over', async () => {
    // pid 1 is alive in this namespace too: the old rule would wait for it forever
    const expiresAt = Date.now() + 500;
    writeRow({ pid: 1, owner: 'root@vm pid 1', pid_ns: 'pid:[4026530000]', start_time: '12', expires_at: new Date(expiresAt).toISOString() });
    const l = locker();
    const error = (await l.lock({ timeoutMs: 100 }).catch((e: unknown) => e)) as GodwitError;
    expect(error.message).toContain('held by root@vm pid 1');
    await l.lock({ timeoutMs: 3000 });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(row()).toMatchObject({ pid: process.pid, pid_ns: me.pidNs ?? null });
  });

  it('from an earlier boot waits for its lease too (another machine could have the same name)', async () => {
    writeRow({ pid: 1, boot_id: 'an-earlier-boot', expires_at: new Date(Date.now() + 60_000).toISOString() });
    expect(holderLiveness({ host: me.host, pid: 1, bootId: 'an-earlier-boot', pidNs: me.pidNs, startTime: '1' })).toBe('unknown');
    await expect(locker().lock({ timeoutMs: 100 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
  });

  it.skipIf(!linux)('in this PID namespace, naming a pid now used by a process that started at another time, is taken over at once', async () => {
    writeRow({ pid: 1, owner: 'root@vm pid 1', start_time: String(Number(startTimeOf(1)) + 1), expires_at: new Date(Date.now() + 60_000).toISOString() });
    const started = Date.now();
    await locker().lock({ timeoutMs: 2000 });
    expect(Date.now() - started).toBeLessThan(500);
    // ... and the same for this very pid, held by an earlier process that had it
    writeRow({ pid: process.pid, start_time: '1', expires_at: new Date(Date.now() + 60_000).toISOString() });
    await locker().lock({ timeoutMs: 500 });
    expect(row()!.start_time).toBe(me.startTime);
  });

  it.skipIf(!linux)('in this PID namespace, naming a live process with its start time, is kept until that process dies', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    children.push(child);
    await until(() => child.pid !== undefined);
    writeRow({ pid: child.pid!, start_time: startTimeOf(child.pid!), expires_at: new Date(Date.now() + 60_000).toISOString() });
    const l = locker();
    await expect(l.lock({ timeoutMs: 150 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    child.kill('SIGKILL');
    await once(child, 'exit');
    const started = Date.now();
    await l.lock({ timeoutMs: 2000 });
    expect(Date.now() - started).toBeLessThan(500); // long before its lease would have expired
  });
});

describe('a lock table from before leases', () => {
  function oldTable(pid: number): void {
    const db = other();
    db.exec(
      `CREATE TABLE ${names.lock} (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL, token TEXT NOT NULL, acquired_at TEXT NOT NULL)`,
    );
    db.prepare(`INSERT INTO ${names.lock} (id, owner, host, pid, token, acquired_at) VALUES (1, ?, ?, ?, 'old-token', ?)`).run(
      `old@${me.host} pid ${pid}`,
      me.host,
      pid,
      new Date().toISOString(),
    );
  }
  const columns = () => (other().prepare(sql.columns).all() as Array<{ name: string }>).map((c) => c.name);

  it('gets the new columns on the next attempt, and its row is judged by the old rule (a live pid waits)', async () => {
    oldTable(1);
    await expect(locker().lock({ timeoutMs: 150 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    expect(columns()).toEqual(expect.arrayContaining([...LEASE_COLUMNS]));
    expect(row()).toMatchObject({ token: 'old-token', expires_at: null });
  });

  it('has a row naming a dead process on this host taken over', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(child, 'exit');
    oldTable(child.pid!);
    await locker().lock({ timeoutMs: 500 });
    expect(row()).toMatchObject({ pid: process.pid, expires_at: expect.any(String) });
  });
});

describe('assertHeld', () => {
  it('is quiet while the lock is ours, and when it is not held at all', async () => {
    const l = locker({ ttlMs: 300, refreshMs: 50 });
    l.assertHeld();
    await l.lock({ timeoutMs: 500 });
    l.assertHeld();
    await l.unlock();
    l.assertHeld();
  });

  it('throws LOCK_LOST once another runner took the row over, and unlock leaves that row alone', async () => {
    const l = locker({ ttlMs: 300, refreshMs: 50 });
    await l.lock({ timeoutMs: 500 });
    writeRow({ pid: 4242, owner: 'thief@elsewhere pid 4242', host: 'elsewhere' });
    await until(() => thrownBy(() => l.assertHeld()) !== undefined);
    const error = thrownBy(() => l.assertHeld())!;
    expect(error.code).toBe('LOCK_LOST');
    expect(error.message).toContain('thief@elsewhere pid 4242 took it over');
    expect(error.hint).toContain('godwit status');
    const replaced = row()!.expires_at;
    await new Promise((r) => setTimeout(r, 120)); // two refresh periods: the refresh has stopped
    expect(row()).toMatchObject({ token: 'other-token', expires_at: replaced });
    await l.unlock();
    expect(row()!.token).toBe('other-token');
  });

  it('throws LOCK_LOST when the row was deleted', async () => {
    const l = locker({ ttlMs: 300, refreshMs: 50 });
    await l.lock({ timeoutMs: 500 });
    other().exec(`DELETE FROM ${names.lock}`);
    await until(() => thrownBy(() => l.assertHeld())?.code === 'LOCK_LOST');
    expect(thrownBy(() => l.assertHeld())!.message).toContain('deleted');
  });

  it('renews a lease that fell due while a long statement kept the timer from running', async () => {
    const l = locker({ ttlMs: 200, refreshMs: 50 });
    await l.lock({ timeoutMs: 500 });
    longStatement(260); // past the lease: the timer could not run meanwhile
    expect(Date.parse(row()!.expires_at!)).toBeLessThan(Date.now());
    l.assertHeld(); // nobody took it: renewed, no error
    expect(Date.parse(row()!.expires_at!)).toBeGreaterThan(Date.now());
  });

  it('throws LOCK_LOST when the lease ran out and another writer keeps it from being renewed', async () => {
    const l = locker({ ttlMs: 200, refreshMs: 50 });
    await l.lock({ timeoutMs: 500 });
    const writer = other();
    writer.exec('BEGIN IMMEDIATE');
    try {
      longStatement(260);
      const started = Date.now();
      const error = thrownBy(() => l.assertHeld());
      expect(Date.now() - started).toBeLessThan(1000); // no busy wait
      expect(error?.code).toBe('LOCK_LOST');
      expect(error?.message).toMatch(/lease expired at .* and could not be renewed/);
    } finally {
      writer.exec('ROLLBACK');
    }
  });
});
