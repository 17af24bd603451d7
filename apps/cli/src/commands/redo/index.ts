import type { Command } from 'commander';
import { type CliContext, withExamples } from '../../context/command-kit.js';
import { addSingleTransactionOption, addYesOption } from '../../context/options.js';
import { addBackupOptions } from '../backup/options.js';
import { runMigrations } from '../shared/run.js';

export function registerRedo(program: Command, ctx: CliContext): void {
  const command = program.command('redo').description('roll back the latest migration and apply it again');
  addBackupOptions(addYesOption(addSingleTransactionOption(command)));
  withExamples(command, ['godwit redo', 'godwit redo --dry-run']);
  command.action((_options, cmd: Command) => runMigrations(ctx, cmd, { name: 'redo', destructive: true }, (m) => m.redo()));
}
