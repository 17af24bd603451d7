/**
 * What each command folder uses to declare itself: the shared context (I/O, environment, working
 * folder, where the exit code goes) and a help footer with examples.
 */
import type { Command } from 'commander';
import { failedOutcome, report } from '../../output/outcome.js';
import type { GlobalOptions } from '../../settings/options.js';
import type { CommandEnv } from '../../session/session.js';

export interface CliContext extends CommandEnv {
  setExitCode(code: number): void;
}

/** `Examples:` after a command's help, one command line each. */
export function withExamples(command: Command, examples: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
}

/** Global and command options together (the command's own win). */
export function optionsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/**
 * Parses a command argument before anything is opened; a bad one is reported (exit 2) and
 * undefined returned, so the action simply stops.
 */
export function parseArgument<T>(ctx: CliContext, command: Command, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (e) {
    ctx.setExitCode(report(ctx, optionsOf(command).json === true, failedOutcome(e)));
    return undefined;
  }
}
