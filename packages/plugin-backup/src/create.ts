/**
 * Make a backup. It is written in a private staging folder inside the backup folder, verified,
 * compressed when asked, made private (0600), hashed into its metadata, and only then renamed to
 * its final name: a file with a final name is always a verified backup, and no other user of the
 * machine can read it at any moment (private-files.ts).
 */
import { rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type Driver, GodwitError, TOOL_VERSION, toGodwitError } from '@godwit/core';
import { engineFor } from './engine.js';
import { type BackupFile, backupDir, databaseIdOf } from './files.js';
import { gzipFile } from './gzip.js';
import { hashFile, metadataPath, writeMetadata } from './metadata.js';
import { formatBackupName } from './naming.js';
import type { BackupOptions } from './options.js';
import { ensurePrivateDir, makePrivate, makeStagingDir } from './private-files.js';

export interface BackupInfo extends BackupFile {
  /** `pg_dump -Fc`, `sqlite backup API`, `mongodump`, `extended-json export` */
  method: string;
  /** what verification found, one line */
  verified: string;
  /** hex SHA-256 of the file as stored, also in its metadata (`<file>.meta.json`) */
  sha256: string;
  /** what the caller should tell the user (an existing backup folder open to other users) */
  warnings: string[];
}

/** Back up the driver's database, at `version`, into the backup folder and verify the file. */
export async function createBackup(driver: Driver, options: BackupOptions, version: number, now: Date = new Date()): Promise<BackupInfo> {
  const dir = backupDir(options);
  const warnings: string[] = [];
  try {
    const warning = await ensurePrivateDir(dir);
    if (warning) warnings.push(warning);
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
  // Hidden, and not a backup name: listing and pruning never see a backup being written.
  const staging = join(dir, `.${basename(file)}.partial`);
  let staged = false;
  try {
    await makeStagingDir(staging).catch((e) => {
      throw writeError(e, dir);
    });
    staged = true;
    const plain = join(staging, `backup.${engine.ext}`);
    await engine.dump(plain).catch((e) => {
      throw writeError(e, dir);
    });
    const verified = await engine.verify(plain);
    const written = gzip ? join(staging, `backup.${ext}`) : plain;
    if (gzip) await gzipFile(plain, written);
    await makePrivate(written);
    const digest = await hashFile(written);
    const meta = join(staging, 'meta.json');
    await writeMetadata(meta, {
      file: basename(file),
      ...digest,
      driver: driver.name,
      database: driver.target,
      databaseId,
      schemaVersion: version,
      createdAt: now.toISOString(),
      method: engine.method,
      verified,
      godwitVersion: TOOL_VERSION,
    });
    // The metadata first: a crash in between leaves metadata without a backup (ignored), never
    // a backup that looks as if it were made before checksums.
    await rename(meta, metadataPath(file));
    await rename(written, file);
    return { file, databaseId, createdAt: now, version, ext, bytes: digest.bytes, method: engine.method, verified, sha256: digest.sha256, warnings };
  } catch (e) {
    const err = toGodwitError(e, 'BACKUP_FAILED');
    throw err.code === 'BACKUP_FAILED' || err.code === 'CONNECTION_FAILED'
      ? err
      : new GodwitError('BACKUP_FAILED', `backup failed: ${err.message}`, { hint: err.hint ?? 'nothing was migrated' });
  } finally {
    if (staged) await rm(staging, { recursive: true, force: true });
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
