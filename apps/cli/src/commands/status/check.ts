/**
 * `godwit status --check`: a gate for readiness probes and CI. Exit 1 when anything is pending,
 * the store is dirty, or an applied migration's file was edited or removed, with one
 * `godwit: error:` line per reason (and each reason in the JSON document's `check`).
 */
import { GodwitError, type HealthReport, type Migrator, type Problem } from '@godwit/core';
import { problemError } from '../../output/errors.js';

export interface CheckResult {
  ok: boolean;
  json: { ok: boolean; pending: number[]; dirty: boolean; problems: Problem[] };
  errors: GodwitError[];
}

export async function runCheck(migrator: Migrator): Promise<CheckResult> {
  const health = await migrator.health();
  return { ok: health.ok, json: checkJson(health), errors: reasonsOf(health) };
}

function checkJson(health: HealthReport): CheckResult['json'] {
  return { ok: health.ok, pending: health.pendingVersions, dirty: health.dirty, problems: health.problems };
}

function reasonsOf(health: HealthReport): GodwitError[] {
  const errors: GodwitError[] = [];
  if (health.pending > 0) {
    const shown = health.pendingVersions.slice(0, 10).join(', ');
    const more = health.pendingVersions.length > 10 ? ', ...' : '';
    errors.push(
      new GodwitError('VALIDATION_FAILED', `${health.pending} migration(s) pending: ${shown}${more}`, {
        hint: 'run godwit up',
        data: { pending: health.pendingVersions },
      }),
    );
  }
  errors.push(...health.problems.map(problemError));
  return errors;
}
