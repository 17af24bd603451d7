/**
 * `fleet rehearse` on one target: its pending migrations in one transaction, rolled back (core's
 * rehearse: PostgreSQL and SQLite), under the run's statement and lock timeouts. Never changes
 * the target; a rehearsal that would have changed it is a failure.
 */
import { GodwitError, rehearse } from '@godwit/core';
import type { FleetJob } from './job.js';

export const rehearseJob: FleetJob = async ({ driver, source, target }) => {
  const { statementTimeoutMs, lockTimeoutMs } = target.run;
  const report = await rehearse(driver, source, {
    ...(statementTimeoutMs !== undefined && { statementTimeoutMs }),
    ...(lockTimeoutMs !== undefined && { lockTimeoutMs, migrationLockTimeoutMs: lockTimeoutMs }),
  });
  const count = (status: string) => report.steps.filter((s) => s.status === status).length;
  const json = {
    pending: report.steps.length,
    rehearsed: count('rehearsed'),
    ...(count('skipped') > 0 && { skipped: count('skipped') }),
    rows: report.steps.reduce((n, s) => n + s.rows, 0),
    locks: [...new Set(report.steps.flatMap((s) => s.locks))],
    unchanged: report.unchanged,
    rehearsalMs: report.durationMs,
  };
  const failed = report.steps.find((s) => s.status === 'failed')?.error;
  const changed = report.unchanged
    ? undefined
    : new GodwitError('STORE_ERROR', 'the rehearsal did not leave the target exactly as it was', { hint: 'compare with godwit drift; this is a bug worth reporting' });
  const error = failed ?? changed;
  const state = error ? 'failed' : report.steps.length === 0 ? 'nothing-pending' : 'rehearsed';
  return { ok: report.ok, state, json, ...(error && { error }) };
};
