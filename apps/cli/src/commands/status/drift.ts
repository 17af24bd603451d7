/**
 * `status --check-drift`: one line, `drift: none | N changes (run godwit drift)`, and `drift` in
 * the JSON document. With `--check` a drifted schema fails the check. A database without a
 * recorded snapshot (no run since Godwit started recording them) says so and does not fail.
 */
import { GodwitError, type Migrator } from '@godwit/core';
import { driftJson } from '../drift/index.js';
import { plural } from '../diff/changes.js';

export interface DriftSummary {
  json: Record<string, unknown>;
  text: string;
  /** set when the schema drifted (what --check reports) */
  error?: GodwitError;
}

export async function driftSummary(migrator: Migrator): Promise<DriftSummary> {
  let report: Awaited<ReturnType<Migrator['drift']>>;
  try {
    report = await migrator.drift();
  } catch (e) {
    if (e instanceof GodwitError && e.code === 'VALIDATION_FAILED') {
      return { json: { drift: null, recorded: null }, text: 'drift: unknown (no schema snapshot recorded yet: the next up records one)\n' };
    }
    throw e;
  }
  const n = report.changes.length;
  if (n === 0) return { json: driftJson(report), text: 'drift: none\n' };
  return {
    json: driftJson(report),
    text: `drift: ${plural(n, 'change')} (run godwit drift)\n`,
    error: new GodwitError('VALIDATION_FAILED', `the schema drifted: ${plural(n, 'change')} made outside migrations`, { hint: 'run godwit drift to see them' }),
  };
}
