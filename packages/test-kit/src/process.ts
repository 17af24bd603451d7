/**
 * A child process for a test, its output collected. `waitForOutput` waits for the process to
 * reach a state it announces (a log line, a marker) instead of guessing how long that takes:
 * tests must hold on a busy machine. No vitest here: the global setup uses it too.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  cwd?: string;
  /** the whole environment of the child (default: this process's) */
  env?: NodeJS.ProcessEnv;
  /** copy the child's stderr to ours as it comes (progress of a long build) */
  echoStderr?: boolean;
  /** a safety net, not a budget: SIGKILL after this long (default 5 minutes) */
  killAfterMs?: number;
}

export interface WaitOptions {
  /** where to look: stderr (default), stdout, or both */
  stream?: 'stderr' | 'stdout' | 'both';
  /** how long at most; generous by default, for a loaded machine (default 60 s) */
  timeoutMs?: number;
}

export interface RunningProcess {
  child: ChildProcess;
  readonly pid: number | undefined;
  /** the output so far */
  stdout(): string;
  stderr(): string;
  /** settles once the process has exited and its output is closed */
  done: Promise<ProcessResult>;
  /**
   * Resolves with the first match once the output matches `pattern` (not a /g one); rejects when
   * the process ends without it, or after `timeoutMs`.
   */
  waitForOutput(pattern: RegExp, options?: WaitOptions): Promise<RegExpExecArray>;
  /** SIGTERM (or `signal`) unless it has exited, and its result */
  stop(signal?: NodeJS.Signals): Promise<ProcessResult>;
}

export function spawnProcess(command: string, args: readonly string[], options: SpawnOptions = {}): RunningProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let exited = false;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of listeners) l();
  };
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
    changed();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (options.echoStderr) process.stderr.write(d);
    changed();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 300_000);
  killer.unref();
  const done = new Promise<ProcessResult>((resolve) => {
    child.once('error', (e) => {
      stderr += `\n${e.message}`;
    });
    child.once('close', (code, signal) => {
      exited = true;
      clearTimeout(killer);
      changed();
      resolve({ code, signal, stdout, stderr });
    });
  });

  return {
    child,
    get pid() {
      return child.pid;
    },
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    waitForOutput(pattern, { stream = 'stderr', timeoutMs = 60_000 } = {}) {
      const text = () => (stream === 'stdout' ? stdout : stream === 'stderr' ? stderr : `${stdout}\n${stderr}`);
      return new Promise((resolve, reject) => {
        const finish = (error?: Error, match?: RegExpExecArray) => {
          listeners.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(match!);
        };
        const check = () => {
          const m = pattern.exec(text());
          if (m) finish(undefined, m);
          else if (exited) finish(new Error(`the process ended (${child.exitCode ?? child.signalCode}) before its ${stream} showed ${pattern}; stderr:\n${stderr}`));
        };
        const timer = setTimeout(() => finish(new Error(`no ${pattern} on ${stream} within ${timeoutMs} ms; stderr so far:\n${stderr}`)), timeoutMs);
        listeners.add(check);
        check();
      });
    },
    stop(signal = 'SIGTERM') {
      if (!exited) child.kill(signal);
      return done;
    },
  };
}

/** Runs a process to its end. */
export function runProcess(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<ProcessResult> {
  return spawnProcess(command, args, options).done;
}
