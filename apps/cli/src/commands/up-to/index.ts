import type { Command } from 'commander';
import { type CliContext, parseArgument, withExamples } from '../shared/command-kit.js';
import { addPhaseOption, addResumeOption, addSingleTransactionOption } from '../../settings/options.js';
import { parseVersionArgument } from '../shared/version-arg.js';
import { addBackupOptions } from '../../plugins/backup-flags.js';
import { runMigrations } from '../shared/run.js';

export function registerUpTo(program: Command, ctx: CliContext): void {
  const command = program
    .command('up-to')
    .description('apply pending migrations up to and including <version>')
    .argument('<version>', 'the last version to apply');
  addBackupOptions(addPhaseOption(addResumeOption(addSingleTransactionOption(command))));
  withExamples(command, ['godwit up-to 3', 'godwit up-to 20250101120000 --dry-run']);
  command.action(async (text: string, _options, cmd: Command) => {
    const version = parseArgument(ctx, cmd, () => parseVersionArgument(text, 'up-to'));
    if (version === undefined) return;
    await runMigrations(ctx, cmd, { name: 'up-to', destructive: false }, (m) => m.upTo(version));
  });
}
