/** What validate reports, for one database or for each of a project's: the JSON part and the errors to print. */
import type { GodwitError, ValidationReport } from '@godwit/core';
import { problemError } from '../../output/errors.js';

export function validationJson(report: ValidationReport): Record<string, unknown> {
  return { ok: report.ok, checked: report.checked, database: report.database, problems: report.problems };
}

/** The problems that fail validation (warnings are not errors: see `validationWarnings`). */
export function validationErrors(report: ValidationReport): GodwitError[] {
  return report.problems.filter((p) => p.severity !== 'warning').map(problemError);
}

/** `godwit: warning: file: message` (and its hint) for each warning, for stderr. */
export function validationWarnings(report: ValidationReport): string {
  return report.problems
    .filter((p) => p.severity === 'warning')
    .map((p) => `godwit: warning: ${problemError(p).toString()}\n${p.hint ? `godwit: hint: ${p.hint}\n` : ''}`)
    .join('');
}
