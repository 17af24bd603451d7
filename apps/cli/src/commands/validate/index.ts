import type { Command } from 'commander';
import type { ValidationReport } from '@godwit/core';
import { type CliContext, optionsOf, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';
import { addProjectOptions, type ProjectOptions, wantsAll } from '../../settings/project-options.js';
import { validateAll } from './all.js';
import { filesOnlyKind, filesOnlyLabel, validateFiles } from './files-only.js';
import { validationErrors, validationJson, validationWarnings } from './report.js';
import { setupWarnings, setupWarningText } from './setup.js';

export function registerValidate(program: Command, ctx: CliContext): void {
  const command = program
    .command('validate')
    .description('check the files (and, given a database, checksums, missing and out-of-order) changing nothing');
  withExamples(command, [
    'godwit validate                      # files only',
    'godwit validate --driver postgres    # files only, every statement through the PostgreSQL parser',
    'godwit validate --database sqlite:./dev.db',
    'DATABASE_URL=postgres://app@db/app godwit validate --json',
    'godwit validate --all                # every database; files only where its URL is not set',
  ]);
  addProjectOptions(command.option('--all', 'every database of the project (migrations/<driver>-<name>/ and the config)'));
  command.action(async (_options, cmd: Command) => {
    const all = optionsOf(cmd) as ProjectOptions;
    if (wantsAll(all)) return ctx.setExitCode(await validateAll(ctx, all));
    // A database is consulted only when one is given; validate never falls back to sqlite:./dev.db.
    const options = optionsOf(cmd);
    const code = await execute(ctx, options, { command: 'validate', need: 'optional' }, async (session) => {
      const { migrator, hasDatabase, target, io } = session;
      // Without a database, --driver says whose rules check the SQL.
      const kind = hasDatabase ? undefined : filesOnlyKind(options);
      const report = hasDatabase ? await migrator.validate({ database: true }) : await validateFiles(session, kind);
      const setup = hasDatabase ? await setupWarnings(session.driver) : [];
      const warnings = validationWarnings(report) + setupWarningText(setup);
      if (warnings) io.err(warnings);
      return {
        ok: report.ok,
        json: { ...validationJson(report), ...(setup.length > 0 && { setupWarnings: setup }) },
        text: validationText(report, target.database?.redacted ?? filesOnlyLabel(kind)),
        errors: validationErrors(report),
      };
    });
    ctx.setExitCode(code);
  });
}

/** `checked`: the database's name, or (files only) how the files were checked. */
function validationText(report: ValidationReport, checked: string): string {
  const against = report.database ? `files and ${checked}` : checked;
  const warnings = report.problems.filter((p) => p.severity === 'warning').length;
  if (report.ok) return `ok: ${report.checked} migration(s) checked (${against})${warnings > 0 ? `, ${warnings} warning(s)` : ''}\n`;
  return `validation failed: ${report.problems.length} problem(s) in ${report.checked} migration(s) (${against})\n`;
}
