/**
 * The BUILT `godwit` binary (apps/cli/dist/bin.js) as a child process, the way users run it.
 * Turbo builds the CLI before the CLI's own tests (`npm test`); elsewhere, build it first with
 * `pnpm --filter @godwit/cli build`. A process a test started never outlives the test.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { type ProcessResult, type RunningProcess, spawnProcess } from './process.ts';

export const CLI_BIN = fileURLToPath(new URL('../../../apps/cli/dist/bin.js', import.meta.url));

/** Throws unless the CLI is built: a test of the binary cannot run without it. */
export function assertCliBuilt(): void {
  if (!existsSync(CLI_BIN)) {
    throw new Error(`${CLI_BIN} is missing: build the CLI first (pnpm --filter @godwit/cli build)`);
  }
}

export type CliResult = ProcessResult;

export interface CliOptions {
  cwd: string;
  /** added to the cleaned environment; `undefined` removes a variable */
  env?: Record<string, string | undefined>;
  /** node's own options before the script (e.g. `--import`) */
  nodeArgs?: readonly string[];
}

/**
 * The environment a user would have, minus anything that would pick a database or a config for
 * the child (DATABASE_URL, GODWIT_*) or change how node runs it (NODE_OPTIONS, VITEST_*).
 */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'DATABASE_URL' || k.startsWith('GODWIT_') || k.startsWith('VITEST') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Starts `godwit ...args`; it is killed when the test ends, should it still run. */
export function startCli(args: readonly string[], options: CliOptions): RunningProcess {
  assertCliBuilt();
  const running = spawnProcess(process.execPath, [...(options.nodeArgs ?? []), CLI_BIN, ...args], { cwd: options.cwd, env: cliEnv(options.env) });
  try {
    onTestFinished(() => {
      running.child.kill('SIGKILL');
    });
  } catch {
    // started outside a test (a hook): the safety-net timeout of spawnProcess still applies
  }
  return running;
}

/** Runs `godwit ...args` to its end. */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return startCli(args, options).done;
}

/** The JSON-lines log events the CLI wrote on stderr (it logs JSON when stderr is not a TTY). */
export function logEvents(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
