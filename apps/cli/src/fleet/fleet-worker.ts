/**
 * A worker thread of a SQLite fleet (target-pool.ts starts it on this module's own file; worker-protocol.ts has the messages): it
 * receives targets one message each, runs each exactly as the main thread would (run-target.ts:
 * its own session, lock and connection) and answers with the report as plain data.
 * better-sqlite3 is synchronous, so a commit's fsync blocks the thread it runs on; targets on
 * different threads overlap their I/O, targets on one thread cannot.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createIo } from '../output/io.js';
import { maskUrls } from '../output/secrets.js';
import type { CommandEnv } from '../session/session.js';
import { runTarget } from './run-target.js';
import { type FromWorker, isWorkerInit, type ToWorker, type WorkerInit } from './worker-protocol.js';
import { toWire } from './wire-report.js';

/** This module's file: in the bundle, a chunk of its own (the pool loads it with import()). */
export const FLEET_WORKER_URL = import.meta.url;

function serve(init: WorkerInit): void {
  const port = parentPort!;
  const io = createIo({ stdout: process.stdout, stderr: { write: (t) => process.stderr.write(t), isTTY: init.stderrIsTty } });
  maskUrls(io, [init.spec.options.database, process.env.DATABASE_URL]);
  const cmdEnv: CommandEnv = { io, env: process.env, cwd: init.cwd };
  port.on('message', async ({ id, entry }: ToWorker) => {
    maskUrls(io, [entry.url]);
    const t0 = Date.now();
    const report = await runTarget(cmdEnv, init.spec, entry);
    report.durationMs = Date.now() - t0;
    port.postMessage({ id, report: toWire(report) } satisfies FromWorker);
  });
}

// Loaded as a worker's main module: serve. Imported anywhere else (the pool reads the URL): nothing.
if (!isMainThread && isWorkerInit(workerData)) serve(workerData);
