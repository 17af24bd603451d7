import type { Command } from 'commander';
import { type CliContext, withExamples } from '../shared/command-kit.js';
import { addAllowIrreversibleOption, addSingleTransactionOption, addYesOption } from '../../settings/options.js';
import { addBackupOptions } from '../../plugins/backup-flags.js';
import { runMigrations } from '../shared/run.js';

export function registerReset(program: Command, ctx: CliContext): void {
  const command = program.command('reset').description('roll back every applied migration');
  addBackupOptions(addAllowIrreversibleOption(addYesOption(addSingleTransactionOption(command))));
  withExamples(command, ['godwit reset --dry-run', 'godwit reset']);
  command.action((_options, cmd: Command) => runMigrations(ctx, cmd, { name: 'reset', destructive: true }, (m) => m.reset()));
}
