/** `fleet validate` on one target: the folder against its store (checksums, missing, out-of-order, dirty). */
import { problemError } from '../../output/errors.js';
import type { FleetJob } from './job.js';

export const validateJob: FleetJob = async ({ migrator }) => {
  const report = await migrator.validate({ database: true });
  const errors = report.problems.filter((p) => p.severity !== 'warning');
  return {
    ok: report.ok,
    state: report.ok ? 'valid' : 'invalid',
    json: { problems: report.problems.length },
    ...(errors[0] && { error: problemError(errors[0]) }),
  };
};
