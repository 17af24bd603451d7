/**
 * Runs the app-startup example as a real process (`node app-startup/main.mjs`), the way it is
 * deployed, on a port the OS picks (PORT=0), and waits until it says it listens or exits.
 */
import { spawnProcess } from '@godwit/test-kit/process';
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

/** The service, once it listens; or how it ended, when it exits first. */
export async function startApp(env: { DATABASE_URL: string; MIGRATIONS_DIR: string }): Promise<RunningService | FailedStart> {
  const app = spawnProcess(process.execPath, [MAIN], { env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' } });
  try {
    // migrating first can take a while on a busy machine: wait for the line, not for a time
    const listening = await app.waitForOutput(/listening on (http:\/\/\S+)/, { stream: 'stdout', timeoutMs: 90_000 });
    return { url: listening[1]!, stderr: app.stderr, stop: async () => (await app.stop()).code };
  } catch (e) {
    if (app.child.exitCode === null && app.child.signalCode === null) {
      await app.stop('SIGKILL');
      throw e;
    }
    const { code, stdout, stderr } = await app.done;
    return { code, stdout, stderr };
  }
}

export function isRunning(s: RunningService | FailedStart): s is RunningService {
  return 'url' in s;
}

export interface Health {
  status: string;
  migrations?: { version: number; pending: number; dirty: boolean; ready: boolean };
}

export async function health(url: string): Promise<{ status: number; body: Health }> {
  const response = await fetch(`${url}/health`);
  return { status: response.status, body: (await response.json()) as Health };
}
