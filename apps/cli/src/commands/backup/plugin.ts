/**
 * The backup plugin as the CLI sets it up: on with `--backup`, or with `"backup": true` in the
 * selected environment of the config file; the tools get the CLI's PATH (the plugin reads no
 * environment itself).
 */
import type { Plugin, ResolvedDatabase } from '@godwit/core';
import { type BackupOptions, type BackupTarget, backupPlugin } from '@godwit/plugin-backup';
import type { Settings } from '../../context/settings.js';
import { type BackupFlags, DEFAULT_CLI_BACKUP_DIR } from './options.js';

export function backupTargetOf(db: ResolvedDatabase): BackupTarget {
  if (db.kind === 'sqlite') return { kind: 'sqlite', path: db.sqlitePath ?? db.url };
  return { kind: db.kind, url: db.url };
}

export function backupOptionsOf(
  db: ResolvedDatabase,
  settings: Pick<Settings, 'table'>,
  flags: BackupFlags,
  env: NodeJS.ProcessEnv,
  cwd: string,
): BackupOptions {
  return {
    target: backupTargetOf(db),
    dir: flags.backupDir ?? DEFAULT_CLI_BACKUP_DIR,
    cwd,
    ...(settings.table !== undefined && { table: settings.table }),
    toolEnv: { PATH: env.PATH, ...(env.HOME !== undefined && { HOME: env.HOME }) },
  };
}

/** The plugin when this run asked for backups, else undefined. */
export function backupPluginFor(
  settings: Settings & { backup?: boolean },
  flags: BackupFlags,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Plugin | undefined {
  const db = settings.database;
  if (!db || !(flags.backup === true || settings.backup === true)) return undefined;
  return backupPlugin(backupOptionsOf(db, settings, flags, env, cwd));
}
