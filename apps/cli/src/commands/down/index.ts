import type { Command } from 'commander';
import { type CliContext, withExamples } from '../shared/command-kit.js';
import { addAllowIrreversibleOption, addSingleTransactionOption, addYesOption } from '../../settings/options.js';
import { addBackupOptions } from '../../plugins/backup-flags.js';
import { runMigrations } from '../shared/run.js';

export function registerDown(program: Command, ctx: CliContext): void {
  const command = program.command('down').description('roll back the latest applied migration');
  addBackupOptions(addAllowIrreversibleOption(addYesOption(addSingleTransactionOption(command))));
  withExamples(command, ['godwit down', 'godwit down --dry-run', 'godwit down --env production --yes']);
  command.action((_options, cmd: Command) => runMigrations(ctx, cmd, { name: 'down', destructive: true }, (m) => m.down()));
}
