/**
 * MongoDB with the database tools (core's BackupEngine): `mongodump --archive --gzip`, verified
 * with `mongorestore --dryRun`, restored with `mongorestore --drop`. The URL (with its password)
 * goes in a private config file for each run, never on a command line that `ps` shows.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BackupEngine, runTool } from '@godwit/core';

const HINT = 'install the MongoDB Database Tools, or use the Extended-JSON export (mongoMethod: json)';

export interface MongodumpDeps {
  /** the driver's URL, password included */
  url: string;
  /** masked in the tools' messages */
  secrets: readonly string[];
  toolEnv: Record<string, string | undefined>;
}

export function mongodumpEngine(deps: MongodumpDeps): BackupEngine {
  async function withConfig(run: (config: string) => Promise<unknown>): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'godwit-mongodump-'));
    const config = join(dir, 'config.yaml');
    try {
      await writeFile(config, `uri: ${JSON.stringify(deps.url)}\n`, { mode: 0o600 });
      await run(config);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const tool = (command: string, args: string[]) =>
    runTool(command, args, { env: deps.toolEnv, secrets: [...deps.secrets, deps.url], hintWhenMissing: HINT });

  return {
    method: 'mongodump',
    ext: 'archive.gz',
    compressed: true,
    dump: (file) => withConfig((c) => tool('mongodump', [`--config=${c}`, `--archive=${file}`, '--gzip', '--quiet'])),
    async verify(file) {
      await withConfig((c) => tool('mongorestore', [`--config=${c}`, `--archive=${file}`, '--gzip', '--dryRun', '--quiet']));
      return 'mongorestore --dryRun read the archive';
    },
    restore: (file) => withConfig((c) => tool('mongorestore', [`--config=${c}`, `--archive=${file}`, '--gzip', '--drop', '--quiet'])),
  };
}
