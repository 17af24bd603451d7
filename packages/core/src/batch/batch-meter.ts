/**
 * Rows done, rate and ETA of a batched backfill, from the rows each batch touched and a clock.
 * Pure, so the arithmetic is unit-tested; the loop (run-batches.ts) feeds it.
 *
 * The rate counts only this run's rows over this run's time: rows a killed run did before
 * (`startRows`) are part of "done" but not of the rate, which would otherwise look impossibly fast.
 */
export interface BatchReport {
  /** rows touched so far, including those of a killed run this one resumes */
  rowsDone: number;
  /** rows done + the estimate of what was left at the start, when known */
  total?: number;
  /** batches this run executed */
  batches: number;
  /** rows per second in this run (0 before the first batch) */
  rowsPerSecond: number;
  /** time left at the current rate, when the total is known and the rate is not 0 */
  etaMs?: number;
  elapsedMs: number;
}

export class BatchMeter {
  private rows = 0;
  private batches = 0;
  private readonly startedAt: number;

  constructor(
    private readonly startRows: number,
    /** rows left when the run started (an estimate), undefined when unknown */
    private readonly remaining: number | undefined,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
  }

  add(rows: number): void {
    this.rows += rows;
    this.batches++;
  }

  get rowsDone(): number {
    return this.startRows + this.rows;
  }

  get batchCount(): number {
    return this.batches;
  }

  report(): BatchReport {
    const elapsedMs = Math.max(0, this.now() - this.startedAt);
    const rowsPerSecond = elapsedMs > 0 ? Math.round((this.rows * 1000) / elapsedMs) : 0;
    // An estimate (reltuples) can be below what was done: the total never reads less than done.
    const total = this.remaining === undefined ? undefined : Math.max(this.startRows + this.remaining, this.rowsDone);
    const left = total === undefined ? undefined : total - this.rowsDone;
    return {
      rowsDone: this.rowsDone,
      ...(total !== undefined && { total }),
      batches: this.batches,
      rowsPerSecond,
      ...(left !== undefined && rowsPerSecond > 0 && { etaMs: Math.round((left / rowsPerSecond) * 1000) }),
      elapsedMs,
    };
  }
}
