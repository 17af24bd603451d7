/**
 * The backup plugin as the CLI sets it up: on with `--backup`, or with `"backup": true` in the
 * selected environment of the config file. The plugin backs up through the run's own driver; the
 * vendor tools get the CLI's PATH and HOME (the plugin and the drivers read no environment).
 */
import type { Plugin } from '@godwit/core';
import { type BackupOptions, backupPlugin } from '@godwit/plugin-backup';
import type { Target } from '../settings/target.js';
import { type BackupFlags, DEFAULT_CLI_BACKUP_DIR } from './backup-flags.js';

export function backupOptionsOf(flags: BackupFlags, env: NodeJS.ProcessEnv, cwd: string): BackupOptions {
  return {
    dir: flags.backupDir ?? DEFAULT_CLI_BACKUP_DIR,
    cwd,
    toolEnv: { PATH: env.PATH, ...(env.HOME !== undefined && { HOME: env.HOME }) },
  };
}

/** The plugin when this run asked for backups, else undefined. */
export function backupPluginFor(target: Target, flags: BackupFlags, env: NodeJS.ProcessEnv, cwd: string): Plugin | undefined {
  if (!target.database || !(flags.backup === true || target.backup)) return undefined;
  return backupPlugin(backupOptionsOf(flags, env, cwd));
}
