/**
 * Builds the `godwit` program and runs it. Commander parses; each command folder registers
 * itself. Usage errors (unknown command or flag, missing argument) are caught through
 * `exitOverride` and printed as one line with a pointer to --help, exit 2.
 */
import { Command, CommanderError } from 'commander';
import { addSumOption } from './commands/hash/sum-option.js';
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
  const program = await buildProgram(ctx, argv);
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

type Register = (program: Command, ctx: CliContext) => void;

/**
 * Every command, in the order --help lists them, each loaded only when needed: a run of
 * `godwit status` should not load (nor build in commander) the 24 commands it does not use.
 */
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<Register>]> = [
  ['create', async () => (await import('./commands/create/index.js')).registerCreate],
  ['up', async () => (await import('./commands/up/index.js')).registerUp],
  ['up-by-one', async () => (await import('./commands/up-by-one/index.js')).registerUpByOne],
  ['up-to', async () => (await import('./commands/up-to/index.js')).registerUpTo],
  ['down', async () => (await import('./commands/down/index.js')).registerDown],
  ['down-to', async () => (await import('./commands/down-to/index.js')).registerDownTo],
  ['redo', async () => (await import('./commands/redo/index.js')).registerRedo],
  ['reset', async () => (await import('./commands/reset/index.js')).registerReset],
  ['status', async () => (await import('./commands/status/index.js')).registerStatus],
  ['version', async () => (await import('./commands/version/index.js')).registerVersion],
  ['validate', async () => (await import('./commands/validate/index.js')).registerValidate],
  ['lint', async () => (await import('./commands/lint/index.js')).registerLint],
  ['test', async () => (await import('./commands/test/index.js')).registerTest],
  ['rehearse', async () => (await import('./commands/rehearse/index.js')).registerRehearse],
  ['diff', async () => (await import('./commands/diff/index.js')).registerDiff],
  ['drift', async () => (await import('./commands/drift/index.js')).registerDrift],
  ['hash', async () => (await import('./commands/hash/index.js')).registerHash],
  ['force', async () => (await import('./commands/force/index.js')).registerForce],
  ['adopt', async () => (await import('./commands/adopt/index.js')).registerAdopt],
  ['history', async () => (await import('./commands/history/index.js')).registerHistory],
  ['backup', async () => (await import('./commands/backup/index.js')).registerBackup],
  ['migrate-all', async () => (await import('./commands/migrate-all/index.js')).registerMigrateAll],
  ['fleet', async () => (await import('./commands/fleet/index.js')).registerFleet],
  ['init', async () => (await import('./commands/init/index.js')).registerInit],
  ['completion', async () => (await import('./commands/completion/index.js')).registerCompletion],
];

/** These need the whole command tree: `help` lists it, completion scripts are made from it. */
const WHOLE_TREE = new Set(['help', 'completion']);

/**
 * The commands to build for `argv`: those whose names appear in it (the command itself is among
 * them; an option value that happens to be a command name only adds a command that goes unused),
 * or all of them (undefined) when none does or the whole tree is needed (help, completion, a
 * mistyped command that commander should suggest a name for).
 */
export function commandsFor(argv: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (argv === undefined) return undefined;
  const known = new Set(COMMANDS.map(([name]) => name));
  const named = new Set(argv.filter((a) => known.has(a)));
  if (named.size === 0 || argv.some((a) => WHOLE_TREE.has(a))) return undefined;
  return named;
}

/** The program; with `argv`, only the commands that argv can run are built (see commandsFor). */
export async function buildProgram(ctx: CliContext, argv?: readonly string[]): Promise<Command> {
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
  const wanted = commandsFor(argv);
  const registers = await Promise.all(COMMANDS.filter(([name]) => wanted === undefined || wanted.has(name)).map(([, load]) => load()));
  for (const register of registers) register(program, ctx);
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
