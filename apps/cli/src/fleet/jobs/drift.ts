/**
 * `fleet drift` on one target: its live schema against the snapshot its last run recorded.
 * Drifted is a failure (exit 1), as for `godwit drift`; a target with no snapshot yet has nothing
 * to compare with, which is its own state so the counts show it apart from real drift.
 */
import { formatChange, GodwitError } from '@godwit/core';
import { plural } from '../../commands/diff/changes.js';
import type { FleetJob } from './job.js';

/** How many changes the error line names; --json has the count, `godwit drift` on the target has them all. */
const CHANGES_IN_MESSAGE = 3;

export const driftJob: FleetJob = async ({ migrator }) => {
  let report: Awaited<ReturnType<typeof migrator.drift>>;
  try {
    report = await migrator.drift();
  } catch (e) {
    // core's only VALIDATION_FAILED here: no snapshot recorded in this target yet (its message names the target)
    if (e instanceof GodwitError && e.code === 'VALIDATION_FAILED') return { ok: false, state: 'no-snapshot', json: {}, error: e };
    throw e;
  }
  const changes = report.changes.length;
  const json = { changes, recordedVersion: report.recorded.version };
  if (changes === 0) return { ok: true, state: 'no-drift', json };
  const named = report.changes.slice(0, CHANGES_IN_MESSAGE).map(formatChange).join('; ');
  const more = changes > CHANGES_IN_MESSAGE ? `; and ${changes - CHANGES_IN_MESSAGE} more` : '';
  return {
    ok: false,
    state: 'drifted',
    json,
    error: new GodwitError('VALIDATION_FAILED', `the schema drifted: ${plural(changes, 'change')} made outside migrations: ${named}${more}`, {
      hint: 'godwit drift on this target lists them; turn each into a migration (or undo it), or godwit force <current version> to accept it',
    }),
  };
};
