/**
 * Make, list, restore and prune backup files. A backup is written under a `.partial` name,
 * verified, compressed when asked, and only then renamed to its final name: a file with a final
 * name is always a verified backup.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { GodwitError, toGodwitError } from '@godwit/core';
import { assertRestorable, engineFor } from './engines/select.js';
import { defaultDatabaseId, formatBackupName, parseBackupName } from './naming.js';
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

export interface BackupInfo extends BackupFile {
  /** `pg_dump -Fc`, `sqlite backup API`, `mongodump`, `extended-json export` */
  method: string;
  /** what verification found, one line */
  verified: string;
}

export function backupDir(options: BackupOptions): string {
  return resolve(options.cwd ?? process.cwd(), options.dir ?? DEFAULT_BACKUP_DIR);
}

export function databaseIdOf(options: BackupOptions): string {
  return options.databaseId ?? defaultDatabaseId(options.target);
}

/** Back up the database at `version` into the backup folder and verify the file. */
export async function createBackup(options: BackupOptions, version: number, now: Date = new Date()): Promise<BackupInfo> {
  const dir = backupDir(options);
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new GodwitError('BACKUP_FAILED', `cannot create the backup folder ${dir}: ${(e as Error).message}`, {
      hint: 'choose a writable folder with --backup-dir',
    });
  }
  const engine = await engineFor(options);
  const gzip = options.gzip === true && !engine.compressed;
  const databaseId = databaseIdOf(options);
  const ext = gzip ? `${engine.ext}.gz` : engine.ext;
  const file = join(dir, formatBackupName({ databaseId, createdAt: now, version, ext }));
  const partial = `${join(dir, formatBackupName({ databaseId, createdAt: now, version, ext: engine.ext }))}.partial`;
  try {
    await engine.dump(partial).catch((e) => {
      throw writeError(e, dir);
    });
    const verified = await engine.verify(partial);
    if (gzip) {
      await pipeline(createReadStream(partial), createGzip(), createWriteStream(`${file}.partial`, { flags: 'wx' }));
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

/** This database's backups in the folder, newest first. Other files are ignored. */
export async function listBackups(options: BackupOptions): Promise<BackupFile[]> {
  const dir = backupDir(options);
  const databaseId = databaseIdOf(options);
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

/** Delete the backups retention no longer keeps; returns their paths. */
export async function pruneBackups(options: BackupOptions, now: Date = new Date()): Promise<string[]> {
  if (options.keep === undefined && options.maxAgeDays === undefined) return [];
  const expired = selectExpired(await listBackups(options), { keep: options.keep, maxAgeDays: options.maxAgeDays }, now);
  for (const b of expired) await rm(b.file, { force: true });
  return expired.map((b) => b.file);
}

/** Make the database what `file` holds. The caller makes sure nothing else is using it. */
export async function restoreBackup(options: BackupOptions, file: string): Promise<{ method: string }> {
  const path = resolve(options.cwd ?? process.cwd(), file);
  const parsed = parseBackupName(path);
  const ext = parsed?.ext ?? path.split('.').slice(path.endsWith('.gz') ? -2 : -1).join('.');
  assertRestorable(options, ext, path);
  try {
    await stat(path);
  } catch {
    throw new GodwitError('USAGE', `backup file ${path} does not exist`, { hint: 'see godwit backup list' });
  }
  const engine = await engineFor(options, ext);
  if (!ext.endsWith('.gz') || engine.compressed) {
    await engine.verify(path);
    await engine.restore(path);
    return { method: engine.method };
  }
  // gzip on top of an uncompressed format: unpack to a private temporary file first.
  const tmp = await mkdtemp(join(tmpdir(), 'godwit-restore-'));
  try {
    const plain = join(tmp, `backup.${engine.ext}`);
    await pipeline(createReadStream(path), createGunzip(), createWriteStream(plain));
    await engine.verify(plain);
    await engine.restore(plain);
    return { method: engine.method };
  } finally {
    await rm(tmp, { recursive: true, force: true });
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
