import type { Command } from 'commander';
import { type CliContext, optionsOf, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';

export function registerVersion(program: Command, ctx: CliContext): void {
  const command = program.command('version').description('print the current version (0 when none is applied)');
  withExamples(command, ['godwit version', 'godwit version --json']);
  command.action(async (_options, cmd: Command) => {
    const code = await execute(ctx, optionsOf(cmd), { command: 'version', need: 'required' }, async ({ migrator, logger }) => {
      const { version, dirty } = await migrator.version();
      if (dirty) logger.warn({ version, dirty }, 'the store is dirty: a migration did not finish; see godwit status');
      return { ok: true, json: { version, dirty }, text: `${version}\n` };
    });
    ctx.setExitCode(code);
  });
}
