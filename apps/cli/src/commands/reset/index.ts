import type { Command } from 'commander';
import { type CliContext, withExamples } from '../../context/command-kit.js';
import { addSingleTransactionOption, addYesOption } from '../../context/options.js';
import { addBackupOptions } from '../backup/options.js';
import { runMigrations } from '../shared/run.js';

export function registerReset(program: Command, ctx: CliContext): void {
  const command = program.command('reset').description('roll back every applied migration');
  addBackupOptions(addYesOption(addSingleTransactionOption(command)));
  withExamples(command, ['godwit reset --dry-run', 'godwit reset']);
  command.action((_options, cmd: Command) => runMigrations(ctx, cmd, { name: 'reset', destructive: true }, (m) => m.reset()));
}
