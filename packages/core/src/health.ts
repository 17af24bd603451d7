/**
 * The health view of one database: is it at the latest migration, clean, and do its applied
 * records still match the files? Readiness probes, `godwit status --check` and the metrics
 * plugin all read this one report, so they can never disagree. Pure: the migrator gathers the
 * inputs (files, applied records, the newest history row) and this judges them.
 */
import type { AppliedRecord, HistoryRecord } from './driver/contract.js';
import type { MigrationInfo, Problem } from './plan/contract.js';
import { computeStatus, findProblems } from './plan/status.js';

export interface HealthRun {
  version: number;
  name: string;
  direction: HistoryRecord['direction'];
  success: boolean;
  /** ISO 8601: when it finished (when it started, for a run that never finished) */
  at: string;
  error?: string;
}

export interface HealthReport {
  /** nothing pending, not dirty, no problems */
  ok: boolean;
  /** highest applied version (0 when none) */
  current: number;
  /** highest version among the files (0 when none) */
  latest: number;
  /** how many migrations are not applied yet (code migrations of other tools included: `up` stops at them) */
  pending: number;
  pendingVersions: number[];
  dirty: boolean;
  /** the newest row of the history (the audit trail), when there is one */
  lastRun?: HealthRun;
  /** applied records that do not match the files: dirty, missing file, modified (checksum), out of order */
  problems: Problem[];
}

export function computeHealth(
  migrations: readonly MigrationInfo[],
  applied: readonly AppliedRecord[],
  newest?: HistoryRecord,
): HealthReport {
  const status = computeStatus(migrations, applied);
  const pendingVersions = status.migrations
    .filter((m) => m.state === 'pending' || m.state === 'unsupported')
    .map((m) => m.version);
  const problems = findProblems(migrations, applied);
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const report: HealthReport = {
    ok: pendingVersions.length === 0 && !status.dirty && problems.length === 0,
    current: status.current,
    latest,
    pending: pendingVersions.length,
    pendingVersions,
    dirty: status.dirty,
    problems,
  };
  if (newest) report.lastRun = lastRunOf(newest);
  return report;
}

/** Why a report is not ok, one short phrase each (for `status --check` and logs). */
export function healthReasons(report: HealthReport): string[] {
  const reasons: string[] = [];
  if (report.pending > 0) {
    const shown = report.pendingVersions.slice(0, 5).join(', ');
    const more = report.pendingVersions.length > 5 ? ', ...' : '';
    reasons.push(`${report.pending} pending (${shown}${more})`);
  }
  if (report.dirty) reasons.push('dirty');
  for (const p of report.problems) {
    if (p.code === 'DIRTY') continue;
    reasons.push(p.version !== undefined ? `${p.version}: ${p.message}` : p.message);
  }
  return reasons;
}

function lastRunOf(row: HistoryRecord): HealthRun {
  return {
    version: row.version,
    name: row.name,
    direction: row.direction,
    success: row.success,
    at: (row.finishedAt ?? row.startedAt).toISOString(),
    ...(row.error !== null && { error: row.error }),
  };
}
