/**
 * The plugin: before a run that will change the database, back it up through the run's driver,
 * verify the file, prune old backups, and record the path in `ctx.meta.backup`. A failure
 * throws, and the runner stops before the first migration (the lock is released, nothing changed).
 */
import { dirname } from 'node:path';
import type { Plugin } from '@godwit/core';
import { type BackupInfo, createBackup } from './create.js';
import { pruneBackups } from './files.js';
import type { BackupOptions } from './options.js';

export interface BackupPlugin extends Plugin {
  /** the backup taken by the last run, if it took one */
  readonly last: BackupInfo | undefined;
}

export function backupPlugin(options: BackupOptions = {}): BackupPlugin {
  let last: BackupInfo | undefined;
  return {
    name: 'backup',
    get last() {
      return last;
    },
    async beforeRun(ctx) {
      // Dry runs never call hooks; a run with nothing to do changes nothing and needs no backup.
      if (ctx.steps.length === 0) return;
      const info = await createBackup(ctx.driver, options, ctx.currentVersion);
      last = info;
      ctx.meta.backup = info.file;
      ctx.meta.backupMethod = info.method;
      for (const warning of info.warnings) ctx.logger.warn({ event: 'backup-folder-open', dir: dirname(info.file) }, warning);
      ctx.logger.info(
        { event: 'backup-created', file: info.file, method: info.method, bytes: info.bytes, sha256: info.sha256, verified: info.verified },
        `backup ${info.file} (${info.method}; ${info.verified})`,
      );
      // The backup is made; old files that cannot be removed are worth a warning, not a stopped run.
      try {
        const removed = await pruneBackups(ctx.driver, options);
        if (removed.length > 0) ctx.logger.info({ event: 'backup-pruned', files: removed }, `removed ${removed.length} old backup(s)`);
      } catch (e) {
        ctx.logger.warn({ event: 'backup-prune-failed', err: (e as Error).message }, 'could not remove old backups');
      }
    },
  };
}
