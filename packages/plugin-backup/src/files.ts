/**
 * The backup folder and which of its files are this database's backups: listing and pruning read
 * file names only, so they never connect to the database.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GodwitError } from '@godwit/core';
import { metadataPath } from './metadata.js';
import { type BackupDatabase, defaultDatabaseId, parseBackupName } from './naming.js';
import { type BackupOptions, DEFAULT_BACKUP_DIR } from './options.js';
import { selectExpired } from './retention.js';

export interface BackupFile {
  /** absolute path */
  file: string;
  databaseId: string;
  createdAt: Date;
  /** the schema version the database was at */
  version: number;
  ext: string;
  bytes: number;
}

export function backupDir(options: BackupOptions): string {
  return resolve(options.cwd ?? process.cwd(), options.dir ?? DEFAULT_BACKUP_DIR);
}

export function databaseIdOf(database: BackupDatabase, options: BackupOptions): string {
  return options.databaseId ?? defaultDatabaseId(database);
}

/** This database's backups in the folder, newest first. Other files are ignored. */
export async function listBackups(database: BackupDatabase, options: BackupOptions): Promise<BackupFile[]> {
  const dir = backupDir(options);
  const databaseId = databaseIdOf(database, options);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new GodwitError('BACKUP_FAILED', `cannot read the backup folder ${dir}: ${(e as Error).message}`);
  }
  const out: BackupFile[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed || parsed.databaseId !== databaseId) continue;
    const file = join(dir, name);
    out.push({ file, ...parsed, bytes: (await stat(file)).size });
  }
  return out.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/**
 * Delete the backups retention no longer keeps (each with its metadata); returns their paths. With `dryRun`, deletes
 * nothing and returns the paths it would delete.
 */
export async function pruneBackups(
  database: BackupDatabase,
  options: BackupOptions,
  now: Date = new Date(),
  { dryRun = false }: { dryRun?: boolean } = {},
): Promise<string[]> {
  if (options.keep === undefined && options.maxAgeDays === undefined) return [];
  const expired = selectExpired(await listBackups(database, options), { keep: options.keep, maxAgeDays: options.maxAgeDays }, now);
  if (!dryRun) {
    for (const b of expired) {
      await rm(b.file, { force: true });
      await rm(metadataPath(b.file), { force: true });
    }
  }
  return expired.map((b) => b.file);
}
