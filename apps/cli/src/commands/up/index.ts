import type { Command } from 'commander';
import { type CliContext, withExamples } from '../shared/command-kit.js';
import { addPhaseOption, addResumeOption, addSingleTransactionOption } from '../../settings/options.js';
import { addBackupOptions } from '../../plugins/backup-flags.js';
import { runMigrations } from '../shared/run.js';

export function registerUp(program: Command, ctx: CliContext): void {
  const command = program.command('up').description('apply all pending migrations');
  addBackupOptions(addPhaseOption(addResumeOption(addSingleTransactionOption(command))));
  withExamples(command, [
    'godwit up',
    'godwit up --database postgres://app@localhost/app --dir migrations/postgres-app',
    'godwit up --dry-run',
    'godwit up --resume    # continue a failed migration at the statement that failed',
    'godwit up --phase expand    # before deploying; then --phase contract after it',
  ]);
  command.action((_options, cmd: Command) => runMigrations(ctx, cmd, { name: 'up', destructive: false }, (m) => m.up()));
}
