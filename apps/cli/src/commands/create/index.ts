import { type Command, Option } from 'commander';
import { type CreateFormat, type CreateTemplate, refreshFolderSum } from '@godwit/core';
import { type CliContext, optionsOf, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';

interface CreateFlags {
  format: CreateFormat;
  template: CreateTemplate;
  timestamp?: boolean;
}

export function registerCreate(program: Command, ctx: CliContext): void {
  const command = program
    .command('create')
    .description('write a new migration file (or pair) into the migrations folder')
    .argument('<name>', 'what the migration does, e.g. add_email_to_users')
    .addOption(
      new Option('--format <format>', 'sql: one goose file; pair: .up.sql + .down.sql; json: MongoDB commands')
        .choices(['sql', 'pair', 'json'])
        .default('sql'),
    )
    .addOption(
      new Option(
        '--template <name>',
        'starting content, read from the migration name: create_table <- create_<table>; add_column <- add_<column>_to_<table>; create_index <- index_<table>_on_<column>[_and_<column>]',
      )
        .choices(['blank', 'create_table', 'add_column', 'create_index'])
        .default('blank'),
    )
    .addOption(new Option('--sequential', 'number it highest + 1, zero-padded (default)').conflicts('timestamp'))
    .addOption(new Option('--timestamp', 'number it with the UTC time, YYYYMMDDHHMMSS'));
  withExamples(command, [
    'godwit create create_users --template create_table',
    'godwit create add_email_to_users --template add_column --format pair',
    'godwit create seed_events --format json --timestamp --dir migrations/mongo-events',
    'godwit create index_users_on_email --template create_index',
  ]);
  command.action(async (name: string, flags: CreateFlags, cmd: Command) => {
    const code = await execute(ctx, optionsOf(cmd), { command: 'create', need: 'none' }, async ({ migrator, source }) => {
      const dryRun = optionsOf(cmd).dryRun === true;
      const created = await migrator.create(name, {
        format: flags.format,
        template: flags.template,
        numbering: flags.timestamp ? 'timestamp' : 'sequential',
        dryRun,
      });
      if (dryRun) {
        const shown = created.files.map((f, i) => `would create ${f}\n${indent(created.contents?.[i] ?? '')}`).join('');
        return {
          ok: true,
          json: { dryRun: true, version: created.version, name: created.name, files: created.files, contents: created.contents },
          text: `dry run: nothing was written\n${shown}`,
        };
      }
      // godwit.sum, when the folder has one, lists the new file too (the folder matched it before: create lists it)
      await refreshFolderSum(source.dir);
      return {
        ok: true,
        json: { version: created.version, name: created.name, files: created.files },
        text: `${created.files.map((f) => `created ${f}`).join('\n')}\n`,
      };
    });
    ctx.setExitCode(code);
  });
}

function indent(text: string): string {
  return text
    .split('\n')
    .filter((line, i, all) => line !== '' || i < all.length - 1)
    .map((line) => `    ${line}\n`)
    .join('');
}
