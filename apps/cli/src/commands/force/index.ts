import type { Command } from 'commander';
import { GodwitError } from '@godwit/core';
import { type CliContext, optionsOf, parseArgument, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';
import { addYesOption } from '../../settings/options.js';
import { parseVersionArgument } from '../shared/version-arg.js';

export function registerForce(program: Command, ctx: CliContext): void {
  const command = program
    .command('force')
    .description('record the database as exactly at <version>, clean, running nothing')
    .argument('<version>', 'the version the database is really at (0 = none)');
  addYesOption(command);
  withExamples(command, ['godwit force 4     # after repairing a failed NO TRANSACTION migration by hand', 'godwit force 0']);
  command.action(async (text: string, _options, cmd: Command) => {
    const options = optionsOf(cmd);
    const version = parseArgument(ctx, cmd, () => {
      // force runs nothing, so there is no plan to show; refusing beats pretending.
      if (options.dryRun) {
        throw new GodwitError('USAGE', 'force has no --dry-run: it only rewrites the version table', {
          hint: 'godwit status shows what is recorded now',
        });
      }
      return parseVersionArgument(text, 'force');
    });
    if (version === undefined) return;
    const code = await execute(ctx, options, { command: 'force', need: 'required', destructive: true }, async ({ migrator, target }) => {
      const result = await migrator.force(version, { lockTimeoutMs: target.run.lockTimeoutMs ?? 60_000 });
      const list = (versions: number[]) => (versions.length ? versions.join(', ') : 'none');
      return {
        ok: true,
        json: { ...result },
        text: `forced: version ${result.before} -> ${result.after} (records removed: ${list(result.removed)}; recorded: ${list(result.recorded)})\n`,
      };
    });
    ctx.setExitCode(code);
  });
}
