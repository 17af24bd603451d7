/**
 * The runner lock across real processes, including the container case: a runner that is pid 1 of
 * its PID namespace is killed, and the next runner, pid 1 of a new namespace, must not take "pid 1
 * is alive" for the dead holder. The namespace tests need `unshare --pid` (Linux, root or user
 * namespaces); they are skipped where it does not work, the simulated ones in
 * src/lock/lease.test.ts always run.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../src/__fixtures__/steps.js';
import { SqliteConnection } from '../src/connection/connection.js';
import type { LockRow } from '../src/lock/lock-sql.js';
import { currentIdentity } from '../src/lock/process-identity.js';
import { createRowLocker } from '../src/lock/row-locker.js';
import { tableNames } from '../src/store/table-names.js';
import { buildLockChild, type LockChild } from './support/lock-child.js';

const UNSHARE = ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child'];
const canUnshare = spawnSync(UNSHARE[0]!, [...UNSHARE.slice(1), 'true'], { stdio: 'ignore' }).status === 0;

let child: LockChild;
let tmp: ReturnType<typeof tempDir>;
let path: string;
const running: ChildProcess[] = [];

beforeAll(() => {
  child = buildLockChild();
});
afterAll(() => child.remove());
beforeEach(() => {
  tmp = tempDir();
  path = tmp.path();
});
afterEach(() => {
  for (const p of running.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  tmp.cleanup();
});

interface Said {
  locked?: boolean;
  pid?: number;
  pidNs?: string | null;
  error?: string;
  message?: string;
}

/** Starts a runner (in a new PID namespace with `namespace`) and waits for what it says first. */
async function runner(args: { ttlMs: number; refreshMs: number; timeoutMs: number; after: 'hold' | 'unlock' | 'leave'; namespace?: boolean }) {
  const argv = [child.script, path, String(args.ttlMs), String(args.refreshMs), String(args.timeoutMs), args.after];
  const p = args.namespace
    ? spawn(UNSHARE[0]!, [...UNSHARE.slice(1), process.execPath, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(p);
  const exited = once(p, 'exit');
  let out = '';
  let err = '';
  p.stdout!.on('data', (d) => {
    out += d;
  });
  p.stderr!.on('data', (d) => {
    err += d;
  });
  const deadline = Date.now() + args.timeoutMs + 10_000;
  while (!out.includes('\n')) {
    if (p.exitCode !== null || Date.now() > deadline) throw new Error(`the runner said nothing (exit ${p.exitCode}): ${err}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return { process: p, said: JSON.parse(out.split('\n')[0]!) as Said, exited };
}

function lockRow(): LockRow | undefined {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT * FROM godwit_migrations_lock WHERE id = 1').get() as LockRow | undefined;
  } finally {
    db.close();
  }
}

/** The pid, in this namespace, of the process `unshare --fork` started. */
function forkedChild(unshare: ChildProcess): number {
  const pids = readFileSync(`/proc/${unshare.pid}/task/${unshare.pid}/children`, 'utf8').trim().split(/\s+/);
  expect(pids).toHaveLength(1);
  return Number(pids[0]);
}

describe('the runner lock across processes', () => {
  it('is not kept alive by its refresh timer: a runner that exits without unlocking exits, and its row is taken over', async () => {
    const first = await runner({ ttlMs: 30_000, refreshMs: 10_000, timeoutMs: 2000, after: 'leave' });
    expect(first.said.locked).toBe(true);
    const [code] = await first.exited; // would hang for good if the interval kept the loop alive
    expect(code).toBe(0);
    expect(lockRow()).toMatchObject({ pid: first.said.pid });
    // same host, namespace and boot, and that process is gone: taken over without waiting 30 s
    const connection = new SqliteConnection(path, 5000);
    const locker = createRowLocker(connection, tableNames('godwit_migrations'));
    try {
      await locker.lock({ timeoutMs: 1000 });
      expect(lockRow()).toMatchObject({ pid: process.pid });
    } finally {
      locker.releaseQuietly();
      connection.close();
    }
  });

  describe.skipIf(!canUnshare)('in containers (unshare --pid)', () => {
    it('a runner killed as pid 1 is taken over by the next pid 1 of a new namespace once its lease expires, never while it lives', async () => {
      const ttlMs = 800;
      const first = await runner({ ttlMs, refreshMs: 100, timeoutMs: 2000, after: 'hold', namespace: true });
      expect(first.said).toMatchObject({ locked: true, pid: 1 });
      expect(first.said.pidNs).not.toBe(currentIdentity().pidNs);
      expect(lockRow()).toMatchObject({ pid: 1, pid_ns: first.said.pidNs });

      // While it lives (and refreshes), another container's runner waits, longer than the TTL.
      const waiter = await runner({ ttlMs, refreshMs: 100, timeoutMs: 2 * ttlMs, after: 'unlock', namespace: true });
      expect(waiter.said).toMatchObject({ error: 'LOCK_TIMEOUT' });
      expect(waiter.said.message).toContain(' pid 1 since ');

      // Kill it the hard way, mid-run.
      const pid = forkedChild(first.process);
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      await first.exited;
      expect(lockRow()).toMatchObject({ pid: 1, pid_ns: first.said.pidNs }); // left behind

      // The next container: itself pid 1, so "pid 1 is alive" here. In another namespace the lease
      // decides; the kernel may also hand the dead namespace's id to the new one, and then the
      // start time tells the dead pid 1 from this one. Either way: no waiting for good.
      const next = await runner({ ttlMs, refreshMs: 100, timeoutMs: 10_000, after: 'hold', namespace: true });
      expect(next.said).toMatchObject({ locked: true, pid: 1 });
      expect(Date.now() - killedAt).toBeLessThan(ttlMs + 5000);
      expect(lockRow()).toMatchObject({ pid: 1, pid_ns: next.said.pidNs });
    });
  });
});
