/**
 * `godwit hash`: writes godwit.sum in the migrations folder (every folder of a multi-database
 * project with --all), after the files were reviewed. Two branches that each add a migration then
 * both rewrite its first line, and git shows the conflict instead of merging them silently.
 */
import type { Command } from 'commander';
import { writeFolderSum } from '@godwit/core';
import { type CliContext, optionsOf, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';

export function registerHash(program: Command, ctx: CliContext): void {
  const command = program
    .command('hash')
    .description('write godwit.sum (the SHA-256 of every migration file, and of the list) in the migrations folder');
  withExamples(command, ['godwit hash', 'godwit hash --dir migrations/postgres-app']);
  command.action(async (_options, cmd: Command) => {
    const code = await execute(ctx, optionsOf(cmd), { command: 'hash', need: 'none' }, async ({ source }) => {
      const written = await writeFolderSum(source.dir);
      return {
        ok: true,
        json: { file: written.file, files: written.files },
        text: `wrote ${written.file} (${written.files} file(s))\n`,
      };
    });
    ctx.setExitCode(code);
  });
}
