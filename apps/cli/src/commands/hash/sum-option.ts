/**
 * `--no-sum`, on every command: skip the godwit.sum check of the migrations folder. The folder is
 * read by the CLI's source (session/source.ts), which sees the command's environment, so the flag
 * travels as GODWIT_NO_SUM=1 in it (which users may also set themselves).
 */
import type { Command } from 'commander';
import type { CliContext } from '../shared/command-kit.js';

export function addSumOption(program: Command, ctx: CliContext): void {
  program.option('--no-sum', 'do not check the migrations folder against its godwit.sum');
  program.hook('preAction', (_program, action) => {
    if (action.optsWithGlobals<{ sum?: boolean }>().sum === false) ctx.env = { ...ctx.env, GODWIT_NO_SUM: '1' };
  });
}
