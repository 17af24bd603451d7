/**
 * The loop of a batched backfill, written once for every driver: estimate what is left, then run
 * one batch at a time (each in its own short transaction, the driver's `execBatch`) until a batch
 * touches no row; after each batch store the rows done (so a killed run's resume counts honestly)
 * and report progress; pause `delayMs` between batches so other sessions get the rows and I/O.
 *
 * Resuming needs nothing more: the statement's predicate excludes the rows already done, so the
 * next batch is the first one the killed run did not commit.
 */
import { setImmediate as nextTurn, setTimeout as sleepFor } from 'node:timers/promises';
import type { BatchSpec } from '../migration.js';
import { StepCancelled } from '../run/step-failure.js';
import { BatchMeter, type BatchReport } from './batch-meter.js';

export interface BatchLoop {
  spec: BatchSpec;
  signal: AbortSignal;
  /** rows done by a killed run this one resumes (from the store), 0 otherwise */
  startRows: number;
  /** rows left to do, or undefined when not known (best effort: a failure reads as unknown) */
  estimate: () => Promise<number | undefined>;
  /** one batch, committed; resolves to the rows it touched */
  runBatch: () => Promise<number>;
  /** store the rows done after a batch */
  record: (rowsDone: number) => Promise<void>;
  report: (report: BatchReport & { finished: boolean }) => void;
  now?: () => number;
}

export interface BatchOutcome {
  rowsDone: number;
  batches: number;
}

export async function runBatches(loop: BatchLoop): Promise<BatchOutcome> {
  const { spec, signal } = loop;
  const remaining = await loop.estimate().catch(() => undefined);
  const meter = new BatchMeter(loop.startRows, remaining, loop.now ?? (() => performance.now()));
  loop.report({ ...meter.report(), finished: false });
  for (;;) {
    // A turn of the event loop between batches: a synchronous driver (better-sqlite3) would
    // otherwise never let a signal, a timer or another connection in until the last batch.
    await nextTurn();
    if (signal.aborted) throw new StepCancelled();
    const rows = await loop.runBatch();
    if (rows === 0) break;
    meter.add(rows);
    await loop.record(meter.rowsDone);
    loop.report({ ...meter.report(), finished: false });
    if (spec.delayMs > 0) {
      try {
        await sleepFor(spec.delayMs, undefined, { signal });
      } catch {
        throw new StepCancelled();
      }
    }
  }
  loop.report({ ...meter.report(), finished: true });
  return { rowsDone: meter.rowsDone, batches: meter.batchCount };
}
