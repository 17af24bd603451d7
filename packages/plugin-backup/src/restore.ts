/**
 * Make the database what a backup file holds, through the driver's engine for that kind of file.
 * Before the engine sees the file, it is checked against the SHA-256 and size recorded when it was
 * made (metadata.ts): a truncated or altered file is refused and the database is not touched. A
 * backup without metadata (made before checksums) is restored only when the caller allows an
 * unverified file (the CLI's --yes), since nothing proves it is the file Godwit wrote.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { type Driver, GodwitError } from '@godwit/core';
import { engineFor, engineReads } from './engine.js';
import { gunzipFile } from './gzip.js';
import { compareDigest, hashFile, metadataPath, mismatchError, readMetadata } from './metadata.js';
import { recordRestore } from './restore-history.js';
import { assertSameDatabase } from './restore-target.js';
import { parseBackupName } from './naming.js';
import type { BackupOptions } from './options.js';

export interface RestoreOptions {
  /** check the file (kind, checksum, the engine's verification) and leave the database alone */
  dryRun?: boolean;
  /** restore a backup that has no recorded checksum (made before checksums) */
  allowUnverified?: boolean;
  /** restore a backup made from another database than this one (the CLI's --force-target or --yes) */
  allowOtherTarget?: boolean;
}

export interface RestoreResult {
  method: string;
  /** the engine's verification, one line */
  verified: string;
  /** `ok`: the file matches its recorded SHA-256; `unverified`: it has none to match */
  checksum: 'ok' | 'unverified';
  sha256: string;
  dryRun: boolean;
  /** the database the backup was made from (password masked), when its metadata says */
  source?: string;
  /** the schema version the backup was made at, when its metadata says */
  sourceVersion?: number;
}

/** The caller makes sure nothing else is using the database (an empty database is fine). */
export async function restoreBackup(
  driver: Driver,
  options: BackupOptions,
  file: string,
  { dryRun = false, allowUnverified = false, allowOtherTarget = false }: RestoreOptions = {},
): Promise<RestoreResult> {
  const path = resolve(options.cwd ?? process.cwd(), file);
  const ext = parseBackupName(path)?.ext ?? path.split('.').slice(path.endsWith('.gz') ? -2 : -1).join('.');
  // Asking for the engine connects nowhere; a file of another kind is refused before anything runs.
  const engine = await engineFor(driver, options, ext.replace(/\.gz$/, ''));
  if (!engineReads(engine, ext)) {
    throw new GodwitError('USAGE', `${path} is not a ${driver.name} backup (.${ext})`, {
      file: path,
      hint: `restore a .${engine.ext} file into this database`,
    });
  }
  try {
    await stat(path);
  } catch {
    throw new GodwitError('USAGE', `backup file ${path} does not exist`, { hint: 'see godwit backup list' });
  }
  const meta = await readMetadata(path);
  const check = compareDigest(meta, await hashFile(path));
  if (check.state === 'mismatch') throw mismatchError(path, check);
  assertSameDatabase(path, meta, driver, allowOtherTarget);
  if (check.state === 'unverified' && !allowUnverified && !dryRun) {
    throw new GodwitError('ABORTED', `backup ${path} is unverified (made before checksums: no ${basename(metadataPath(path))} beside it)`, {
      file: path,
      hint: 'make sure the file is the one Godwit wrote, then run again with --yes (or allowUnverified: true)',
    });
  }
  const checked = {
    checksum: check.state,
    sha256: check.digest.sha256,
    dryRun,
    ...(meta && { source: meta.database, sourceVersion: meta.schemaVersion }),
  };
  const startedAt = new Date();
  // After the engine: the restored store gets a row saying it was restored.
  const record = () => restoredVersion(driver).then((version) => recordRestore(driver, { file: path, meta, startedAt, version }));
  if (ext === engine.ext) {
    const verified = await engine.verify(path);
    if (!dryRun) {
      await engine.restore(path);
      await record();
    }
    return { method: engine.method, verified, ...checked };
  }
  // gzip on top of an uncompressed format: unpack to a private temporary folder (0700) first.
  const tmp = await mkdtemp(join(tmpdir(), 'godwit-restore-'));
  try {
    const plain = join(tmp, `backup.${engine.ext}`);
    await gunzipFile(path, plain);
    const verified = await engine.verify(plain);
    if (!dryRun) {
      await engine.restore(plain);
      await record();
    }
    return { method: engine.method, verified, ...checked };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The highest version the restored store records (0 when the backup held none). */
async function restoredVersion(driver: Driver): Promise<number> {
  const applied = await driver.store.applied();
  return applied.reduce((max, r) => Math.max(max, r.version), 0);
}
