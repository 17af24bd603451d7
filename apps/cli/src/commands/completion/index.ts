/**
 * `godwit completion bash|zsh|fish`: prints the shell's completion script, made from this very
 * program's commands and options (tree.ts), so it completes exactly what this version accepts.
 */
import { Argument, type Command } from 'commander';
import { type CliContext, withExamples } from '../shared/command-kit.js';
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import { type CompletionCommand, commandTree } from './tree.js';
import { zshScript } from './zsh.js';

export const SHELLS: Readonly<Record<string, (root: CompletionCommand) => string>> = { bash: bashScript, zsh: zshScript, fish: fishScript };

export function registerCompletion(program: Command, ctx: CliContext): void {
  const command = program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(Object.keys(SHELLS)));
  withExamples(command, [
    'source <(godwit completion bash)   # in ~/.bashrc',
    'godwit completion zsh > "${fpath[1]}/_godwit"',
    'godwit completion fish > ~/.config/fish/completions/godwit.fish',
  ]);
  command.action((shell: string) => {
    ctx.io.out(SHELLS[shell]!(commandTree(program)));
  });
}
