/** Runs a vendor tool (pg_dump, pg_restore, mongodump) and reports failures as BACKUP_FAILED. */
import { spawn } from 'node:child_process';
import { GodwitError } from '@godwit/core';
import { scrub } from './redact.js';

export interface ToolRun {
  stdout: string;
  stderr: string;
}

export function runTool(
  command: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  secrets: ReadonlyArray<string | undefined>,
  hintWhenMissing: string,
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      const missing = e.code === 'ENOENT';
      reject(
        new GodwitError('BACKUP_FAILED', missing ? `${command} was not found on PATH` : `${command} could not start: ${e.message}`, {
          hint: missing ? hintWhenMissing : `check that ${command} can run`,
        }),
      );
    });
    child.on('close', (code) => {
      if (code === 0) return resolve({ stdout, stderr });
      const last = scrub(stderr.trim(), secrets).split('\n').slice(-2).join(' | ') || `exit code ${code}`;
      reject(new GodwitError('BACKUP_FAILED', `${command} failed: ${last}`, { hint: `run ${command} by hand to see the whole message` }));
    });
  });
}
