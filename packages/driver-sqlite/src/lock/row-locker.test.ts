import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Driver, GodwitError } from '@godwit/core';
import { inspect, tempDir } from '../__fixtures__/steps.js';
import { createSqliteDriver } from '../driver.js';
import { tableNames } from '../store/table-names.js';
import { lockSql } from './lock-sql.js';

let tmp: ReturnType<typeof tempDir>;
let path: string;
const drivers: Driver[] = [];
const children: ChildProcess[] = [];
function driver(): Driver {
  const d = createSqliteDriver({ path });
  drivers.push(d);
  return d;
}
const lockRows = () => inspect(path, (db) => db.prepare('SELECT owner, pid, host FROM godwit_migrations_lock').all() as Array<{ owner: string; pid: number }>);

beforeEach(() => {
  tmp = tempDir();
  path = tmp.path();
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const d of drivers.splice(0)) await d.close();
  tmp.cleanup();
});

describe('the runner lock', () => {
  it('makes a second driver wait, then time out naming the holder and since when', async () => {
    const a = driver();
    const b = driver();
    await a.locker.lock({ timeoutMs: 1000 });
    const holders: Array<string | undefined> = [];
    const started = Date.now();
    const error = (await b.locker.lock({ timeoutMs: 300, onWait: (h) => holders.push(h) }).catch((e: unknown) => e)) as GodwitError;
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(error.code).toBe('LOCK_TIMEOUT');
    expect(error.message).toMatch(new RegExp(`held by \\S+@\\S+ pid ${process.pid} since \\d{4}-\\d\\d-\\d\\dT`));
    expect(error.hint).toContain('--lock-timeout');
    expect(holders).toEqual([expect.stringContaining(`pid ${process.pid}`)]);

    // the waiter gets the lock as soon as the holder lets go
    const waiting = b.locker.lock({ timeoutMs: 2000 });
    await new Promise((r) => setTimeout(r, 120));
    await a.locker.unlock();
    await waiting;
    expect(lockRows()).toHaveLength(1);
    await b.locker.unlock();
    expect(lockRows()).toEqual([]);
  });

  it('unlock deletes only its own row, and is harmless when not held', async () => {
    const a = driver();
    const b = driver();
    await b.locker.unlock();
    await a.locker.lock({ timeoutMs: 1000 });
    await b.locker.unlock();
    expect(lockRows()).toHaveLength(1);
    await expect(b.locker.lock({ timeoutMs: 100 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    await b.locker.unlock(); // after a failed lock
    expect(lockRows()).toHaveLength(1);
    await a.locker.unlock();
    await a.locker.unlock();
    expect(lockRows()).toEqual([]);
  });

  it('stops waiting when the signal fires', async () => {
    const a = driver();
    const b = driver();
    await a.locker.lock({ timeoutMs: 1000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(b.locker.lock({ timeoutMs: 10_000, signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('keeps to its timeout while another connection holds the write lock (no blocking busy wait)', async () => {
    const writer = new Database(path);
    writer.exec('BEGIN IMMEDIATE');
    try {
      const d = driver();
      const started = Date.now();
      const error = (await d.locker.lock({ timeoutMs: 250 }).catch((e: unknown) => e)) as GodwitError;
      expect(error.code).toBe('LOCK_TIMEOUT');
      expect(error.message).toContain('busy');
      // far below the 5 s busy timeout a blocking BEGIN IMMEDIATE would have waited
      expect(Date.now() - started).toBeLessThan(1500);
      writer.exec('ROLLBACK');
      await d.locker.lock({ timeoutMs: 1000 });
      await d.locker.unlock();
    } finally {
      writer.close();
    }
  });

  it('close releases a held lock', async () => {
    const a = driver();
    await a.locker.lock({ timeoutMs: 1000 });
    await a.close();
    const b = driver();
    await b.locker.lock({ timeoutMs: 200 });
    await b.locker.unlock();
  });

  it("waits for another live process's lock without a lease, and takes it over once that process is killed", async () => {
    const child = await lockInChild(path);
    const d = driver();
    const error = (await d.locker.lock({ timeoutMs: 200 }).catch((e: unknown) => e)) as GodwitError;
    expect(error.code).toBe('LOCK_TIMEOUT');
    expect(error.message).toContain(`pid ${child.pid}`);

    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(lockRows()).toMatchObject([{ pid: child.pid }]); // the dead runner's row is still there
    await d.locker.lock({ timeoutMs: 2000 });
    expect(lockRows()).toMatchObject([{ pid: process.pid }]);
    await d.locker.unlock();
  });
});

/**
 * A separate Node process that takes the lock the way a Godwit from before leases did (host and
 * pid only, no expiry) and then stays alive until killed, like a runner in the middle of a
 * migration.
 */
async function lockInChild(dbPath: string): Promise<ChildProcess> {
  const sql = {
    create: lockSql(tableNames('godwit_migrations')).create,
    insert: 'INSERT OR REPLACE INTO "godwit_migrations_lock" (id, owner, host, pid, token, acquired_at) VALUES (1, ?, ?, ?, ?, ?)',
  };
  const script = `
    const Database = require('better-sqlite3');
    const os = require('node:os');
    const [path, create, insert] = process.argv.slice(1);
    const db = new Database(path);
    db.transaction(() => {
      db.exec(create);
      db.prepare(insert).run('child@' + os.hostname() + ' pid ' + process.pid, os.hostname(), process.pid, 'child-token', new Date().toISOString());
    }).immediate();
    process.stdout.write('locked\\n');
    setInterval(() => {}, 1000);
  `;
  const packageDir = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['-e', script, dbPath, sql.create, sql.insert], { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  expect(chunk.toString()).toBe('locked\n');
  return child;
}
