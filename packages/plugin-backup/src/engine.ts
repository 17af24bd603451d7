/** The driver's backup engine: the plugin ships no database client, every driver brings its own. */
import { type BackupEngine, type Driver, GodwitError } from '@godwit/core';
import type { BackupOptions } from './options.js';

/** The engine for a new backup, or (with `forExt`, the file's extension before `.gz`) for restoring one. */
export async function engineFor(driver: Driver, options: BackupOptions, forExt?: string): Promise<BackupEngine> {
  if (!driver.backup) {
    throw new GodwitError('BACKUP_FAILED', `the ${driver.name} driver cannot make backups`, {
      hint: 'back up with a driver that implements backup() (PostgreSQL, SQLite and MongoDB do)',
    });
  }
  return driver.backup({
    ...(options.toolEnv && { toolEnv: options.toolEnv }),
    ...(options.mongoMethod && { method: options.mongoMethod }),
    ...(forExt !== undefined && { forExt }),
  });
}

/** Whether `engine` restores a file with extension `ext`: its own, or its own gzipped by the plugin. */
export function engineReads(engine: BackupEngine, ext: string): boolean {
  return ext === engine.ext || (!engine.compressed && ext === `${engine.ext}.gz`);
}
