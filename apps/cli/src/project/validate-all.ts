/**
 * `godwit validate --all`: every database's files, and its database too when its URL is set
 * (on a pull request there is usually none: files only, as `validate` without --database).
 */
import { GodwitError, type Problem } from '@godwit/core';
import type { CliContext } from '../context/command-kit.js';
import { executeAll } from './execute-all.js';
import type { ProjectOptions } from './options.js';

export function validateAll(ctx: CliContext, options: ProjectOptions): Promise<number> {
  return executeAll(
    ctx,
    options,
    { command: 'validate', urlRequired: false, continueOnError: true, columns: ['CHECKED', 'AGAINST', 'PROBLEMS'] },
    async (db, session) => {
      const report = await session(db.dir, db.table)((s) => s.migrator.validate({ database: s.hasDatabase }));
      return {
        ok: report.ok,
        json: { ok: report.ok, checked: report.checked, database: report.database, problems: report.problems },
        cells: [String(report.checked), report.database ? 'files and database' : 'files only', String(report.problems.length)],
        errors: report.problems.map(toError),
      };
    },
  );
}

function toError(p: Problem): GodwitError {
  return new GodwitError(p.code, p.message, {
    ...(p.file !== undefined && { file: p.file }),
    ...(p.line !== undefined && { line: p.line }),
    ...(p.version !== undefined && { version: p.version }),
    ...(p.hint !== undefined && { hint: p.hint }),
  });
}
