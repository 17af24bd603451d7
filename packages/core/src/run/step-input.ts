/**
 * What the step protocol is given for one step (step-protocol.ts runs it, step-failure.ts words
 * its failures): its own file, so neither of the two imports the other for it.
 */
import type { BatchReport } from '../batch/batch-meter.js';
import type { ApplyContext, Driver, PreparedStep } from '../driver/contract.js';
import type { RetryNotice } from './lock-retry.js';

export interface StepInput {
  driver: Driver;
  step: PreparedStep;
  ctx: ApplyContext;
  /**
   * The highest applied version below this step's, as read from the store under the lock: what
   * "undone" means in a recovery hint. Never guessed: the run read it before the step began.
   */
  previousVersion: number;
  /** migrations this run applied before this one (for --single-transaction's hint) */
  earlierInRun: number;
  /** --resume: statements 1..N completed in the failed run; the step continues at N+1 */
  resumeFrom?: number;
  /** told before each retry of a statement (or transaction) that gave up waiting for a lock */
  onRetry?: (notice: RetryNotice) => void;
  /** told before the first batch of a batched backfill, after each batch, and when it is done */
  onBatch?: (report: BatchReport & { finished: boolean }) => void;
}
