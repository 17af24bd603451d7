/**
 * Plain npm, as a user outside this repository runs it. The environment is the user's, less what
 * pnpm and turbo add for their own child processes (`npm_config_*` set by pnpm would change what
 * npm does) and less anything that picks a database for the CLI. Nothing phones home: no audit,
 * no funding call, no update check, and better-sqlite3 is compiled from source (npm_config_nodedir:
 * Node's local headers) instead of fetching a prebuilt binary from outside the registry.
 */
import { existsSync } from 'node:fs';
import { cliEnv } from '@godwit/test-kit/cli';
import { type ProcessResult, spawnProcess } from '@godwit/test-kit/process';

export function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = cliEnv();
  const nodedir = process.env.npm_config_nodedir ?? (existsSync('/usr/include/node/node.h') ? '/usr' : undefined);
  for (const key of Object.keys(env)) if (/^(npm|pnpm)_/i.test(key) || key === 'INIT_CWD') delete env[key];
  return {
    ...env,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_prefer_offline: 'true',
    npm_config_loglevel: 'warn',
    // read by better-sqlite3's prebuild-install: skip the download, build with node-gyp
    npm_config_build_from_source: 'true',
    // node-gyp: both cores for the compile
    JOBS: 'max',
    ...(nodedir !== undefined && { npm_config_nodedir: nodedir }),
    ...extra,
  };
}

/** `command ...args` in `cwd`; a failure throws with its output, so the test says why. */
export async function run(command: string, args: readonly string[], cwd: string, killAfterMs = 300_000): Promise<ProcessResult> {
  const result = await spawnProcess(command, args, { cwd, env: npmEnv(), killAfterMs }).done;
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.code ?? result.signal} in ${cwd}:\n${result.stderr}\n${result.stdout}`);
  }
  return result;
}
