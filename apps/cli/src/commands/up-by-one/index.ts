import type { Command } from 'commander';
import { type CliContext, withExamples } from '../shared/command-kit.js';
import { addPhaseOption, addResumeOption, addSingleTransactionOption } from '../../settings/options.js';
import { addBackupOptions } from '../../plugins/backup-flags.js';
import { runMigrations } from '../shared/run.js';

export function registerUpByOne(program: Command, ctx: CliContext): void {
  const command = program.command('up-by-one').description('apply the next pending migration');
  addBackupOptions(addPhaseOption(addResumeOption(addSingleTransactionOption(command))));
  withExamples(command, ['godwit up-by-one', 'godwit up-by-one --dry-run']);
  command.action((_options, cmd: Command) =>
    runMigrations(ctx, cmd, { name: 'up-by-one', destructive: false }, (m) => m.upByOne()),
  );
}
