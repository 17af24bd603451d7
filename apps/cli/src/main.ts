/**
 * Builds the `godwit` program and runs it. Commander parses; each command folder registers
 * itself. Usage errors (unknown command or flag, missing argument) are caught through
 * `exitOverride` and printed as one line with a pointer to --help, exit 2.
 */
import { Command, CommanderError } from 'commander';
import { registerAdopt } from './commands/adopt/index.js';
import { registerBackup } from './commands/backup/index.js';
import { registerCompletion } from './commands/completion/index.js';
import { registerCreate } from './commands/create/index.js';
import { registerDiff } from './commands/diff/index.js';
import { registerDown } from './commands/down/index.js';
import { registerDownTo } from './commands/down-to/index.js';
import { registerDrift } from './commands/drift/index.js';
import { registerFleet } from './commands/fleet/index.js';
import { registerForce } from './commands/force/index.js';
import { registerHash } from './commands/hash/index.js';
import { addSumOption } from './commands/hash/sum-option.js';
import { registerHistory } from './commands/history/index.js';
import { registerInit } from './commands/init/index.js';
import { registerLint } from './commands/lint/index.js';
import { registerMigrateAll } from './commands/migrate-all/index.js';
import { registerRedo } from './commands/redo/index.js';
import { registerRehearse } from './commands/rehearse/index.js';
import { registerReset } from './commands/reset/index.js';
import { registerStatus } from './commands/status/index.js';
import { registerTest } from './commands/test/index.js';
import { registerUp } from './commands/up/index.js';
import { registerUpByOne } from './commands/up-by-one/index.js';
import { registerUpTo } from './commands/up-to/index.js';
import { registerValidate } from './commands/validate/index.js';
import { registerVersion } from './commands/version/index.js';
import type { CliContext } from './commands/shared/command-kit.js';
import { withDotEnv } from './config/dotenv.js';
import { EXIT_OK, EXIT_USAGE, GodwitError } from './output/errors.js';
import { createIo } from './output/io.js';
import { report } from './output/outcome.js';
import { addGlobalOptions } from './settings/options.js';
import type { CommandEnv } from './session/session.js';
import { CLI_VERSION } from './version.js';

/**
 * `cmdEnv`: the output, the environment and the working folder to run in; by default this
 * process's (with ./.env merged under the environment). Relative paths are resolved against
 * `cmdEnv.cwd`, so an in-process run works in the folder it is given.
 */
export async function main(argv: readonly string[], cmdEnv: CommandEnv = defaultEnv()): Promise<number> {
  let exitCode = EXIT_OK;
  let active: string | undefined;
  const ctx: CliContext = {
    ...cmdEnv,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = buildProgram(ctx);
  // Remembered so a usage error inside a command points at that command's --help.
  program.hook('preSubcommand', (_program, sub) => {
    active = sub.name();
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    return usageError(ctx, e, active, argv.includes('--json'));
  }
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('godwit')
    .description('Database migrations for PostgreSQL, SQLite and MongoDB (goose and golang-migrate files)')
    .version(CLI_VERSION, '-V, --version', 'print the version of godwit')
    .usage('[options] <command>')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.out(s),
      writeErr: (s) => ctx.io.err(s),
      // Our own one-line rendering replaces commander's (see usageError).
      outputError: () => {},
    })
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true);
  addGlobalOptions(program);
  addSumOption(program, ctx);
  program.addHelpText(
    'after',
    `
Exit codes: 0 done, 1 failed (migration error, validation failure, lock timeout, dirty store), 2 bad usage.

Examples:
  $ godwit create create_users --template create_table
  $ godwit up --database sqlite:./app.db
  $ DATABASE_URL=postgres://app@localhost/app godwit status --dir migrations/postgres-app
  $ godwit down --dry-run
`,
  );
  for (const register of [
    registerCreate,
    registerUp,
    registerUpByOne,
    registerUpTo,
    registerDown,
    registerDownTo,
    registerRedo,
    registerReset,
    registerStatus,
    registerVersion,
    registerValidate,
    registerLint,
    registerTest,
    registerRehearse,
    registerDiff,
    registerDrift,
    registerHash,
    registerForce,
    registerAdopt,
    registerHistory,
    registerBackup,
    registerMigrateAll,
    registerFleet,
    registerInit,
    registerCompletion,
  ]) {
    register(program, ctx);
  }
  return program;
}

const SHOWN_ALREADY = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

function usageError(ctx: CliContext, e: CommanderError, active: string | undefined, json: boolean): number {
  if (SHOWN_ALREADY.has(e.code)) {
    // `godwit` with no command prints the help on stderr with exit code 1: that is bad usage.
    return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  const message = e.message.replace(/^error:\s*/, '');
  const help = active ? `godwit ${active} --help` : 'godwit --help';
  const error = new GodwitError('USAGE', message, { hint: `see ${help}` });
  report(ctx, json, { ok: false, json: {}, text: '', errors: [error] });
  return EXIT_USAGE;
}

function defaultEnv(): CommandEnv {
  return { io: createIo(), env: withDotEnv(process.cwd(), process.env), cwd: process.cwd() };
}
