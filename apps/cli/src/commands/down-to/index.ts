import type { Command } from 'commander';
import { type CliContext, parseArgument, withExamples } from '../shared/command-kit.js';
import { addAllowIrreversibleOption, addSingleTransactionOption, addYesOption } from '../../settings/options.js';
import { parseVersionArgument } from '../shared/version-arg.js';
import { addBackupOptions } from '../../plugins/backup-flags.js';
import { runMigrations } from '../shared/run.js';

export function registerDownTo(program: Command, ctx: CliContext): void {
  const command = program
    .command('down-to')
    .description('roll back every migration above <version> (0 = all)')
    .argument('<version>', 'the version to end at; 0 rolls back everything');
  addBackupOptions(addAllowIrreversibleOption(addYesOption(addSingleTransactionOption(command))));
  withExamples(command, ['godwit down-to 2', 'godwit down-to 0 --dry-run']);
  command.action(async (text: string, _options, cmd: Command) => {
    const version = parseArgument(ctx, cmd, () => parseVersionArgument(text, 'down-to'));
    if (version === undefined) return;
    await runMigrations(ctx, cmd, { name: 'down-to', destructive: true }, (m) => m.downTo(version));
  });
}
