/**
 * Runs the real `godwit` binary (apps/cli/dist/bin.js) as a child process. The CLI is not a
 * dependency of this package (it depends on us), so `ensureCli` brings its build up to date with
 * `tsc -b` first: incremental, and it also rebuilds this driver's dist, which the CLI loads.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
export const cliBin = `${root}apps/cli/dist/bin.js`;

export async function ensureCli(): Promise<boolean> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await new Promise<void>((resolve) => {
    execFile(process.execPath, [tsc, '-b', `${root}apps/cli/tsconfig.json`], { timeout: 120_000 }, (error, stdout) => {
      // Another part of the repository may be mid-edit; an existing build is still worth testing.
      if (error) console.warn(`driver-mongodb: could not rebuild the CLI (${stdout.split('\n')[0] ?? error.message}); using the existing build`);
      resolve();
    });
  });
  return existsSync(cliBin);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Environment for the child: no inherited DATABASE_URL or config, so only the arguments count. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };
  return { ...env, ...extra };
}

export function startGodwit(args: string[], options: { cwd: string; env?: Record<string, string> }): ChildProcess {
  return spawn(process.execPath, [cliBin, ...args], { cwd: options.cwd, env: childEnv(options.env ?? {}), stdio: ['ignore', 'pipe', 'pipe'] });
}

export function godwit(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return finished(startGodwit(args, options));
}

export function finished(child: ChildProcess): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The JSON-lines log events the CLI wrote on stderr (it logs JSON when stderr is not a TTY). */
export function logEvents(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
