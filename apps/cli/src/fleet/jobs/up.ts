/** `fleet up` on one target: apply what is pending (or plan it, with --dry-run). */
import type { FleetJob } from './job.js';

export const upJob: FleetJob = async ({ migrator }) => {
  const result = await migrator.up();
  const applied = result.results.filter((s) => s.status === 'applied').length;
  const state = !result.ok ? 'failed' : result.dryRun ? 'planned' : applied > 0 ? 'migrated' : 'up-to-date';
  return {
    ok: result.ok,
    state,
    json: { before: result.before, after: result.after, applied, ...(result.dryRun && { planned: result.results.length }) },
    ...(result.error && { error: result.error }),
  };
};
