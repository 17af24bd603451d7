import type { Command } from 'commander';
import { type CliContext, withExamples } from '../shared/command-kit.js';
import { addSingleTransactionOption, addYesOption } from '../../settings/options.js';
import { addBackupOptions } from '../../plugins/backup-flags.js';
import { runMigrations } from '../shared/run.js';

export function registerRedo(program: Command, ctx: CliContext): void {
  const command = program.command('redo').description('roll back the latest migration and apply it again');
  addBackupOptions(addYesOption(addSingleTransactionOption(command)));
  withExamples(command, ['godwit redo', 'godwit redo --dry-run']);
  command.action((_options, cmd: Command) => runMigrations(ctx, cmd, { name: 'redo', destructive: true }, (m) => m.redo()));
}
