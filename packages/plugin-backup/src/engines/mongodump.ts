/**
 * MongoDB with the database tools: `mongodump --archive --gzip`, verified with
 * `mongorestore --dryRun`, restored with `mongorestore --drop`. The URL (with its password)
 * goes in a private config file, never on the command line.
 */
import { rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../tool.js';
import type { Engine } from './engine.js';

const HINT = 'install the MongoDB Database Tools, or use the Extended-JSON export (mongoMethod: json)';

export function mongodumpEngine(url: string, toolEnv: Record<string, string | undefined>): Engine {
  const secrets = [url, safePassword(url)];
  async function withConfig<T>(fn: (config: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'godwit-mongodump-'));
    const config = join(dir, 'config.yaml');
    try {
      await writeFile(config, `uri: ${JSON.stringify(url)}\n`, { mode: 0o600 });
      return await fn(config);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return {
    method: 'mongodump',
    ext: 'archive.gz',
    compressed: true,
    dump: (file) => withConfig(async (c) => void (await runTool('mongodump', [`--config=${c}`, `--archive=${file}`, '--gzip', '--quiet'], toolEnv, secrets, HINT))),
    verify: (file) =>
      withConfig(async (c) => {
        await runTool('mongorestore', [`--config=${c}`, `--archive=${file}`, '--gzip', '--dryRun', '--quiet'], toolEnv, secrets, HINT);
        return 'mongorestore --dryRun read the archive';
      }),
    restore: (file) => withConfig(async (c) => void (await runTool('mongorestore', [`--config=${c}`, `--archive=${file}`, '--gzip', '--drop', '--quiet'], toolEnv, secrets, HINT))),
  };
}

function safePassword(url: string): string | undefined {
  try {
    const p = new URL(url).password;
    return p ? decodeURIComponent(p) : undefined;
  } catch {
    return undefined;
  }
}
