/**
 * The backup plugin as the CLI sets it up: on with `--backup`, or with `"backup": true` in the
 * selected environment of the config file. The plugin backs up through the run's own driver; the
 * vendor tools get the CLI's PATH and HOME (the plugin and the drivers read no environment).
 */
import type { Plugin } from '@godwit/core';
import type { BackupOptions } from '@godwit/plugin-backup';
import type { Target } from '../settings/target.js';
import { type BackupFlags, DEFAULT_CLI_BACKUP_DIR } from './backup-flags.js';

export function backupOptionsOf(flags: BackupFlags, env: NodeJS.ProcessEnv, cwd: string): BackupOptions {
  return {
    dir: flags.backupDir ?? DEFAULT_CLI_BACKUP_DIR,
    cwd,
    toolEnv: { PATH: env.PATH, ...(env.HOME !== undefined && { HOME: env.HOME }) },
  };
}

/**
 * The plugin when this run asked for backups, else undefined. The plugin's package is loaded only
 * then: a run without backups should not pay for its start-up.
 */
export async function backupPluginFor(target: Target, flags: BackupFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<Plugin | undefined> {
  if (!target.database || !(flags.backup === true || target.backup)) return undefined;
  const { backupPlugin } = await import('@godwit/plugin-backup');
  return backupPlugin(backupOptionsOf(flags, env, cwd));
}
