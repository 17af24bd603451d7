/**
 * Runs the real `godwit` binary (apps/cli/dist/bin.js) as a child process. The CLI is not a
 * dependency of this package (it depends on us): turbo builds it first; `ensureCli` builds it
 * only when it is missing (run `pnpm --filter @godwit/cli build` after changing it).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
export const cliBin = `${root}apps/cli/dist/bin.js`;

export async function ensureCli(): Promise<boolean> {
  // Under turbo (npm test, CI) the CLI is built before these tests run. Rebuilding here would
  // rewrite dist/bin.js while other packages' tests may be spawning it, so build only if missing.
  if (existsSync(cliBin)) return true;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const cliDir = `${root}apps/cli`;
  const step = (args: string[]) =>
    new Promise<boolean>((resolve) => {
      execFile(process.execPath, args, { cwd: cliDir, timeout: 120_000 }, (error, stdout) => {
        if (error) console.warn(`driver-mongodb: could not build the CLI (${stdout.split('\n')[0] ?? error.message})`);
        resolve(!error);
      });
    });
  // The CLI's build: tsc into build/, then the bundle into dist/ (what bin.js is).
  if (await step([tsc, '-b', 'tsconfig.json'])) await step([`${root}scripts/bundle.mjs`, 'build/bin.js', 'build/index.js']);
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
