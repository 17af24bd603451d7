/**
 * A small pool of worker threads that run whole SQLite targets (fleet-worker.ts), so that one
 * target's commit (an fsync, blocking its thread: better-sqlite3 is synchronous) does not stall
 * the others. Threads start on demand, up to `size`, and each runs one target at a time; the
 * targets waiting for a thread queue here. Each thread is a V8 isolate of its own, which is what
 * caps `size` (docs/fleet.md: memory).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GodwitError, redactUrl } from '@godwit/core';
import type { CommandEnv } from '../session/session.js';
import { type FromWorker, type ToWorker, workerInit } from './worker-protocol.js';
import type { TargetReport } from './target-report.js';
import type { TargetRunSpec } from './run-target.js';
import type { FleetEntry } from './target-list.js';
import { fromWire } from './wire-report.js';

export interface TargetPool {
  /** at most this many threads, so at most this many targets running */
  readonly size: number;
  run(entry: FleetEntry): Promise<TargetReport>;
  /** stops every thread; call once no target is in flight */
  close(): Promise<void>;
}

interface Thread {
  worker: Worker;
  inFlight: Map<number, { entry: FleetEntry; done: (report: TargetReport) => void }>;
}

/**
 * The pool, or undefined where a thread cannot be started on a module file of its own: the
 * single-file build (its only file is the binary, whose top level would run the CLI again) and
 * TypeScript sources under a test runner. The caller then runs its targets in-process.
 */
export async function startTargetPool(cmdEnv: CommandEnv, spec: TargetRunSpec, size: number): Promise<TargetPool | undefined> {
  const { FLEET_WORKER_URL } = await import('./fleet-worker.js');
  const main = process.argv[1] === undefined ? undefined : pathToFileURL(process.argv[1]).href;
  if (!FLEET_WORKER_URL.endsWith('.js') || FLEET_WORKER_URL === main) return undefined;
  const init = workerInit(spec, cmdEnv.cwd, cmdEnv.io.stderrIsTty);
  const threads: Thread[] = [];
  let nextId = 0;

  const start = (): Thread => {
    const worker = new Worker(fileURLToPath(FLEET_WORKER_URL), {
      workerData: init,
      env: cmdEnv.env,
      stdout: true,
      stderr: true,
      // Measured at 1,000 targets x 4 threads: a young generation kept at 1 MB (a target's garbage
      // is short-lived; run.ts keeps the main thread's small too) saves ~7 MB a thread, and an old
      // generation capped at 128 MB makes V8 collect it sooner: peak RSS ~145 MB instead of 171 MB.
      // 128 MB still leaves a large migration file room; beyond it the thread fails its target.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 128 },
    });
    // The thread's output goes through this process's Io: redacted, and where the command's output goes.
    worker.stdout.on('data', (chunk: Buffer) => cmdEnv.io.out(chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => cmdEnv.io.err(chunk.toString()));
    const thread: Thread = { worker, inFlight: new Map() };
    worker.on('message', ({ id, report }: FromWorker) => {
      const waiting = thread.inFlight.get(id);
      thread.inFlight.delete(id);
      waiting?.done(fromWire(waiting.entry, report));
      dispatch();
    });
    // A thread that dies (a crash, an exhausted heap) fails the targets it had; later ones get a new thread.
    const lost = (why: string) => {
      threads.splice(threads.indexOf(thread), 1);
      for (const { entry, done } of thread.inFlight.values()) done(lostReport(entry, why));
      thread.inFlight.clear();
      dispatch();
    };
    worker.on('error', (e) => lost(e.message));
    worker.on('exit', (code) => {
      if (threads.includes(thread)) lost(`exit code ${code}`);
    });
    threads.push(thread);
    return thread;
  };

  // One target per thread at a time: SQLite's work is synchronous, so a second target on a thread
  // would only wait for the first while holding its own session's memory. The rest wait here.
  const queue: Array<{ entry: FleetEntry; done: (report: TargetReport) => void }> = [];
  const dispatch = () => {
    while (queue.length > 0) {
      const thread = threads.find((t) => t.inFlight.size === 0) ?? (threads.length < size ? start() : undefined);
      if (!thread) return;
      const { entry, done } = queue.shift()!;
      const id = nextId++;
      thread.inFlight.set(id, { entry, done });
      thread.worker.postMessage({ id, entry } satisfies ToWorker);
    }
  };

  return {
    size,
    run(entry) {
      return new Promise<TargetReport>((done) => {
        queue.push({ entry, done });
        dispatch();
      });
    },
    async close() {
      const stopping = threads.splice(0);
      await Promise.all(stopping.map((t) => t.worker.terminate()));
    },
  };
}

function lostReport(entry: FleetEntry, why: string): TargetReport {
  const error = new GodwitError('MIGRATION_FAILED', `the worker thread running this target stopped (${why}); its store says how far it got`, {
    hint: 'godwit fleet status shows it; run the fleet again (a finished target is a no-op, a half-done SQLite step never committed)',
  });
  return { entry, target: redactUrl(entry.url), state: 'failed', ok: false, json: {}, error };
}
