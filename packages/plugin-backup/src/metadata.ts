/**
 * What a backup records about itself, in `<backup file>.meta.json` beside it: the SHA-256 and size
 * of the file, where it came from (the driver's target, password masked), the schema version and
 * the Godwit version that made it. A restore checks the file against it before touching the
 * database, so a truncated or altered file is refused.
 *
 * The checksum covers the backup file's bytes exactly as stored: the `.gz` for a gzipped backup,
 * the compressed archive for mongodump, the custom-format dump for pg_dump. Every engine writes one
 * file (mongodump writes an `--archive`, never a folder), so there is one hash per backup.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { GodwitError } from '@godwit/core';
import { makePrivate, PRIVATE_FILE_MODE } from './private-files.js';

export const METADATA_SUFFIX = '.meta.json';
const FORMAT = 'godwit-backup';

export interface Digest {
  /** hex SHA-256 of the file's bytes as stored */
  sha256: string;
  bytes: number;
}

export interface BackupMetadata extends Digest {
  format: typeof FORMAT;
  formatVersion: 1;
  /** the backup file's name (the metadata sits beside it) */
  file: string;
  /** `postgres`, `sqlite`, `mongodb` */
  driver: string;
  /** the driver's target, password masked */
  database: string;
  databaseId: string;
  /** the schema version the database was at */
  schemaVersion: number;
  createdAt: string;
  method: string;
  /** what the engine's verification found when the backup was made */
  verified: string;
  /** the Godwit core that made it, `godwit/0.1.0` */
  godwitVersion: string;
}

/** How a backup file compares with its metadata. */
export type Check =
  | { state: 'ok'; digest: Digest }
  /** no metadata: made before backups recorded checksums (or the metadata was removed) */
  | { state: 'unverified'; digest: Digest }
  | { state: 'mismatch'; recorded: Digest; digest: Digest };

export function metadataPath(backupFile: string): string {
  return `${backupFile}${METADATA_SUFFIX}`;
}

export async function hashFile(file: string): Promise<Digest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Written once (`wx`), private like the backup. */
export async function writeMetadata(path: string, meta: Omit<BackupMetadata, 'format' | 'formatVersion'>): Promise<void> {
  const full: BackupMetadata = { format: FORMAT, formatVersion: 1, ...meta };
  await writeFile(path, `${JSON.stringify(full, null, 2)}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE });
  await makePrivate(path);
}

/** The metadata of `backupFile`, or undefined when it has none; unreadable metadata is an error. */
export async function readMetadata(backupFile: string): Promise<BackupMetadata | undefined> {
  const path = metadataPath(backupFile);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GodwitError('BACKUP_FAILED', `cannot read ${path}: ${(e as Error).message}`, { file: path });
  }
  let value: Partial<BackupMetadata>;
  try {
    value = JSON.parse(text) as Partial<BackupMetadata>;
  } catch (e) {
    throw damaged(path, `not JSON: ${(e as Error).message}`);
  }
  if (value?.format !== FORMAT || typeof value.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(value.sha256) || !Number.isSafeInteger(value.bytes)) {
    throw damaged(path, `not a ${FORMAT} metadata file with a sha256 and a size`);
  }
  if (value.file !== undefined && value.file !== basename(backupFile)) {
    throw damaged(path, `it describes ${value.file}, not ${basename(backupFile)}`);
  }
  return value as BackupMetadata;
}

/** Pure: the file's digest judged against the recorded one (none recorded: unverified). */
export function compareDigest(recorded: Digest | undefined, digest: Digest): Check {
  if (!recorded) return { state: 'unverified', digest };
  if (recorded.sha256 === digest.sha256 && recorded.bytes === digest.bytes) return { state: 'ok', digest };
  return { state: 'mismatch', recorded: { sha256: recorded.sha256, bytes: recorded.bytes }, digest };
}

/** Hash `backupFile` and compare it with its metadata. */
export async function checkBackup(backupFile: string): Promise<Check> {
  const meta = await readMetadata(backupFile);
  return compareDigest(meta, await hashFile(backupFile));
}

/** A restore refused: the file is not the one that was written. Names both hashes. */
export function mismatchError(file: string, check: Extract<Check, { state: 'mismatch' }>): GodwitError {
  const size = check.recorded.bytes === check.digest.bytes ? '' : ` (${check.digest.bytes} bytes, recorded ${check.recorded.bytes})`;
  return new GodwitError(
    'BACKUP_FAILED',
    `backup ${file} does not match its recorded checksum: recorded sha256 ${check.recorded.sha256}, file has sha256 ${check.digest.sha256}${size}`,
    {
      file,
      hint: 'the file was truncated or altered after it was made; restore another backup (godwit backup list --verify)',
      data: { recorded: check.recorded, actual: check.digest },
    },
  );
}

function damaged(path: string, why: string): GodwitError {
  return new GodwitError('BACKUP_FAILED', `backup metadata ${path} is damaged: ${why}`, {
    file: path,
    hint: 'restore another backup, or remove the metadata file to restore this one as unverified (with --yes)',
  });
}
