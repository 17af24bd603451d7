/**
 * One target of a fleet, start to end: its session (driver, lock, migrator, closed after), the
 * command's job, and the outcome as a report. A target's failure is a value, never a thrown
 * error, so the other targets go on. The same code runs in-process and on a worker thread.
 */
import { redactUrl } from '@godwit/core';
import { asGodwitError } from '../output/errors.js';
import { type CommandEnv, withSession } from '../session/session.js';
import type { FleetOptions } from './fleet-options.js';
import { type FleetTargetSettings, fleetTarget } from './fleet-target.js';
import { FLEET_JOBS, type FleetJobName } from './jobs/index.js';
import type { TargetReport } from './target-report.js';
import type { FleetEntry } from './target-list.js';

/** What every target of one fleet command shares; plain data, so a worker thread can be handed it. */
export interface TargetRunSpec {
  command: string;
  job: FleetJobName;
  /** the fleet's options, as each target's session sees them (quiet, no metrics) */
  options: FleetOptions;
  settings: FleetTargetSettings;
}

export async function runTarget(cmdEnv: CommandEnv, spec: TargetRunSpec, entry: FleetEntry): Promise<TargetReport> {
  const target = redactUrl(entry.url);
  const { options } = spec;
  try {
    const job = FLEET_JOBS[spec.job];
    const outcome = await withSession(cmdEnv, options, fleetTarget(entry, spec.settings, cmdEnv.cwd), { command: spec.command }, (session) =>
      job(session, { cmdEnv, options }),
    );
    // A run reports a lost or refused connection as its error, not by throwing: the same state either way.
    const state = !outcome.ok && outcome.error?.code === 'CONNECTION_FAILED' ? 'unreachable' : outcome.state;
    return { entry, target, state, ok: outcome.ok, json: outcome.json, ...(outcome.error && { error: outcome.error }) };
  } catch (e) {
    const error = asGodwitError(e);
    return { entry, target, state: error.code === 'CONNECTION_FAILED' ? 'unreachable' : 'failed', ok: false, json: {}, error };
  }
}
