/**
 * Runs a database vendor tool (pg_dump, pg_restore, mongodump, mongorestore) for a driver's
 * backup: no shell, the environment the caller hands over (drivers read no process.env, so PATH
 * decides which binary runs), output collected, and every failure a BACKUP_FAILED error whose
 * text is masked with `secrets`. It lives in core because two drivers need it and neither may
 * depend on the other; it uses node:child_process only, so core stays free of database clients.
 */
import { redactSecrets } from '../dsn/redact.js';
import { GodwitError } from '../errors.js';

export interface ToolRun {
  stdout: string;
  stderr: string;
}

export interface ToolOptions {
  /** the tool's whole environment */
  env: Record<string, string | undefined>;
  /** masked wherever the tool's output reaches a message (a password the tool may echo) */
  secrets?: ReadonlyArray<string | undefined>;
  /** what to do when the tool is not on PATH, e.g. which package installs it */
  hintWhenMissing: string;
}

export async function runTool(command: string, args: readonly string[], options: ToolOptions): Promise<ToolRun> {
  // Imported here, not when core loads: only a backup runs a tool, and every command loads core.
  const { spawn } = await import('node:child_process');
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s !== '');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
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
          hint: missing ? options.hintWhenMissing : `check that ${command} can run`,
        }),
      );
    });
    child.on('close', (code) => {
      if (code === 0) return resolve({ stdout, stderr });
      // The last lines say why; the whole output is for running the tool by hand.
      const last = redactSecrets(stderr.trim(), secrets).split('\n').slice(-2).join(' | ') || `exit code ${code}`;
      reject(new GodwitError('BACKUP_FAILED', `${command} failed: ${last}`, { hint: `run ${command} by hand to see the whole message` }));
    });
  });
}
