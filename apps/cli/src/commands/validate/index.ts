import type { Command } from 'commander';
import type { ValidationReport } from '@godwit/core';
import { type CliContext, optionsOf, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';
import { addProjectOptions, type ProjectOptions, wantsAll } from '../../settings/project-options.js';
import { validateAll } from './all.js';
import { validationErrors, validationJson } from './report.js';

export function registerValidate(program: Command, ctx: CliContext): void {
  const command = program
    .command('validate')
    .description('check the files (and, given a database, checksums, missing and out-of-order) changing nothing');
  withExamples(command, [
    'godwit validate                      # files only',
    'godwit validate --database sqlite:./dev.db',
    'DATABASE_URL=postgres://app@db/app godwit validate --json',
    'godwit validate --all                # every database; files only where its URL is not set',
  ]);
  addProjectOptions(command.option('--all', 'every database of the project (migrations/<driver>-<name>/ and the config)'));
  command.action(async (_options, cmd: Command) => {
    const all = optionsOf(cmd) as ProjectOptions;
    if (wantsAll(all)) return ctx.setExitCode(await validateAll(ctx, all));
    // A database is consulted only when one is given; validate never falls back to sqlite:./dev.db.
    const code = await execute(ctx, optionsOf(cmd), { command: 'validate', need: 'optional' }, async ({ migrator, hasDatabase, target }) => {
      const report = await migrator.validate({ database: hasDatabase });
      return {
        ok: report.ok,
        json: validationJson(report),
        text: validationText(report, target.database?.redacted),
        errors: validationErrors(report),
      };
    });
    ctx.setExitCode(code);
  });
}

function validationText(report: ValidationReport, target: string | undefined): string {
  const against = report.database ? `files and ${target}` : 'files only; pass --database to check a database too';
  if (report.ok) return `ok: ${report.checked} migration(s) checked (${against})\n`;
  return `validation failed: ${report.problems.length} problem(s) in ${report.checked} migration(s) (${against})\n`;
}
