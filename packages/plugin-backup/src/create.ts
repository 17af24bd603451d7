/**
 * Make a backup. It is written under a `.partial` name, verified, compressed when asked, and only
 * then renamed to its final name: a file with a final name is always a verified backup.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Driver, GodwitError, toGodwitError } from '@godwit/core';
import { engineFor } from './engine.js';
import { type BackupFile, backupDir, databaseIdOf } from './files.js';
import { gzipFile } from './gzip.js';
import { formatBackupName } from './naming.js';
import type { BackupOptions } from './options.js';

export interface BackupInfo extends BackupFile {
  /** `pg_dump -Fc`, `sqlite backup API`, `mongodump`, `extended-json export` */
  method: string;
  /** what verification found, one line */
  verified: string;
}

/** Back up the driver's database, at `version`, into the backup folder and verify the file. */
export async function createBackup(driver: Driver, options: BackupOptions, version: number, now: Date = new Date()): Promise<BackupInfo> {
  const dir = backupDir(options);
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new GodwitError('BACKUP_FAILED', `cannot create the backup folder ${dir}: ${(e as Error).message}`, {
      hint: 'choose a writable folder with --backup-dir',
    });
  }
  const engine = await engineFor(driver, options);
  const gzip = options.gzip === true && !engine.compressed;
  const databaseId = databaseIdOf(driver, options);
  const ext = gzip ? `${engine.ext}.gz` : engine.ext;
  const file = join(dir, formatBackupName({ databaseId, createdAt: now, version, ext }));
  const partial = `${join(dir, formatBackupName({ databaseId, createdAt: now, version, ext: engine.ext }))}.partial`;
  try {
    await engine.dump(partial).catch((e) => {
      throw writeError(e, dir);
    });
    const verified = await engine.verify(partial);
    if (gzip) {
      await gzipFile(partial, `${file}.partial`);
      await rm(partial);
      await rename(`${file}.partial`, file);
    } else {
      await rename(partial, file);
    }
    const { size } = await stat(file);
    return { file, databaseId, createdAt: now, version, ext, bytes: size, method: engine.method, verified };
  } catch (e) {
    await rm(partial, { force: true });
    await rm(`${file}.partial`, { force: true });
    const err = toGodwitError(e, 'BACKUP_FAILED');
    throw err.code === 'BACKUP_FAILED' || err.code === 'CONNECTION_FAILED'
      ? err
      : new GodwitError('BACKUP_FAILED', `backup failed: ${err.message}`, { hint: err.hint ?? 'nothing was migrated' });
  }
}

function writeError(e: unknown, dir: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC' || code === 'EPERM') {
    return new GodwitError('BACKUP_FAILED', `cannot write a backup into ${dir}: ${(e as Error).message}`, {
      hint: 'choose a writable folder with --backup-dir, or free space',
    });
  }
  return e;
}
