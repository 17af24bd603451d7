/** What validate reports, for one database or for each of a project's: the JSON part and the errors to print. */
import type { GodwitError, ValidationReport } from '@godwit/core';
import { problemError } from '../../output/errors.js';

export function validationJson(report: ValidationReport): Record<string, unknown> {
  return { ok: report.ok, checked: report.checked, database: report.database, problems: report.problems };
}

export function validationErrors(report: ValidationReport): GodwitError[] {
  return report.problems.map(problemError);
}
