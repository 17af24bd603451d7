/**
 * `godwit validate --all`: every database's files, and its database too when its URL is set
 * (on a pull request there is usually none: files only, as `validate` without --database).
 */
import type { CliContext } from '../shared/command-kit.js';
import { executeAll } from '../shared/execute-all.js';
import type { ProjectOptions } from '../../settings/project-options.js';
import { validationErrors, validationJson, validationWarnings } from './report.js';

export function validateAll(ctx: CliContext, options: ProjectOptions): Promise<number> {
  return executeAll(
    ctx,
    options,
    { command: 'validate', urlRequired: 'none', continueOnError: true, columns: ['CHECKED', 'AGAINST', 'PROBLEMS', 'WARNINGS'] },
    async (target, open) => {
      const report = await open(target, (s) => s.migrator.validate({ database: s.hasDatabase }));
      // Warnings (a down file without its up) are said, but they do not fail the database.
      const warnings = report.problems.filter((p) => p.severity === 'warning').length;
      const warningText = validationWarnings(report);
      if (warningText) ctx.io.err(warningText.replaceAll('godwit: warning: ', `godwit: warning: [${target.id}] `));
      return {
        ok: report.ok,
        json: validationJson(report),
        cells: [
          String(report.checked),
          report.database ? 'files and database' : 'files only',
          String(report.problems.length - warnings),
          String(warnings),
        ],
        errors: validationErrors(report),
      };
    },
  );
}
