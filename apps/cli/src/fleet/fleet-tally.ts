/**
 * What a fleet run keeps of its targets while it runs: counts by result, the first failures (with
 * how many more), a histogram of durations, the command's own summary (status: targets by
 * version), and, with --json, each target's JSON written out as soon as the targets before it are
 * done. A target's report is let go once counted, so a fleet's memory does not grow with its
 * reports: what stays per target is its entry in the validated list (docs/fleet.md: memory).
 */
import type { TargetReport } from './target-report.js';

/** Past this many, failures are counted rather than kept (the JSON and the log lines have them all). */
export const KEPT_FAILURES = 50;

export const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** A command's own summary, built one target at a time (status: how many at each version). */
export interface FleetSummary {
  add(report: TargetReport): void;
  /** tables printed before the results table */
  table(): string;
  /** extra members of the JSON document */
  json?(): Record<string, unknown>;
}

export interface DurationHistogram {
  /** per DURATION_BUCKETS bound, how many targets took at most that long */
  buckets: number[];
  sumSeconds: number;
  count: number;
}

export class FleetTally {
  readonly counts: Record<string, number> = {};
  /** the first KEPT_FAILURES failed targets, in the order they were listed */
  readonly failures: TargetReport[] = [];
  failed = 0;
  total = 0;
  readonly durations: DurationHistogram = { buckets: DURATION_BUCKETS.map(() => 0), sumSeconds: 0, count: 0 };
  private readonly pending = new Map<number, TargetReport>();
  private next = 0;

  constructor(
    readonly summary?: FleetSummary,
    /** each target's report, in list order (the --json writer) */
    private readonly emit?: (report: TargetReport) => void,
  ) {}

  /**
   * The report of the target listed at `index`. Targets finish out of order; they are counted
   * and emitted in list order, so only those waiting for a slower one before them are held.
   */
  add(index: number, report: TargetReport): void {
    this.pending.set(index, report);
    for (let r = this.pending.get(this.next); r !== undefined; r = this.pending.get(this.next)) {
      this.pending.delete(this.next);
      this.next++;
      this.count(r);
    }
  }

  get ok(): boolean {
    return this.failed === 0;
  }

  private count(report: TargetReport): void {
    this.total++;
    this.counts[report.state] = (this.counts[report.state] ?? 0) + 1;
    if (!report.ok) {
      this.failed++;
      if (this.failures.length < KEPT_FAILURES) this.failures.push(report);
    }
    if (report.durationMs !== undefined) {
      const seconds = report.durationMs / 1000;
      DURATION_BUCKETS.forEach((le, i) => {
        if (seconds <= le) this.durations.buckets[i]!++;
      });
      this.durations.sumSeconds += seconds;
      this.durations.count++;
    }
    this.summary?.add(report);
    this.emit?.(report);
  }
}
