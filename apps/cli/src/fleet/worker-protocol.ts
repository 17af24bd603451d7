/**
 * What the main thread and a fleet worker thread (fleet-worker.ts) say to each other: the
 * worker's start data, then one message per target each way. Apart from fleet-worker.ts so the
 * pool can use it without loading the worker's module (in the bundle, a chunk of its own).
 */
import type { TargetRunSpec } from './run-target.js';
import type { FleetEntry } from './target-list.js';
import type { WireReport } from './wire-report.js';

const MARK = 'godwit-fleet-worker';

export interface WorkerInit {
  mark: typeof MARK;
  spec: TargetRunSpec;
  cwd: string;
  /** whether the main thread's stderr is a terminal (the sessions' log format follows it) */
  stderrIsTty: boolean;
}

export type ToWorker = { id: number; entry: FleetEntry };
export type FromWorker = { id: number; report: WireReport };

export function workerInit(spec: TargetRunSpec, cwd: string, stderrIsTty: boolean): WorkerInit {
  return { mark: MARK, spec, cwd, stderrIsTty };
}

/** Whether this thread's start data is a fleet worker's. */
export function isWorkerInit(data: unknown): data is WorkerInit {
  return (data as Partial<WorkerInit> | undefined)?.mark === MARK;
}
