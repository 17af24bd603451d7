/**
 * Runs the app-startup example as a real process (`node app-startup/main.mjs`), the way it is
 * deployed, on a port the OS picks (PORT=0), and waits until it says it listens or exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../app-startup/main.mjs', import.meta.url));

export interface RunningService {
  url: string;
  stderr(): string;
  stop(): Promise<number | null>;
}

export interface FailedStart {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function startApp(env: { DATABASE_URL: string; MIGRATIONS_DIR: string }): Promise<RunningService | FailedStart> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app-startup did not listen within 20s; stderr: ${stderr}`));
    }, 20_000);
    const onData = () => {
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (!m?.[1]) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({ url: m[1], stderr: () => stderr, stop: () => stop(child) });
    };
    child.stdout.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function isRunning(s: RunningService | FailedStart): s is RunningService {
  return 'url' in s;
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

export interface Health {
  status: string;
  migrations?: { version: number; pending: number; dirty: boolean; ready: boolean };
}

export async function health(url: string): Promise<{ status: number; body: Health }> {
  const response = await fetch(`${url}/health`);
  return { status: response.status, body: (await response.json()) as Health };
}
