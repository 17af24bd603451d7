/** Make the database what a backup file holds, through the driver's engine for that kind of file. */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Driver, GodwitError } from '@godwit/core';
import { engineFor, engineReads } from './engine.js';
import { gunzipFile } from './gzip.js';
import { parseBackupName } from './naming.js';
import type { BackupOptions } from './options.js';

/**
 * The caller makes sure nothing else is using the database (an empty database is fine). With
 * `dryRun`, the file is checked (kind, existence, verification) and the database is not touched.
 */
export async function restoreBackup(
  driver: Driver,
  options: BackupOptions,
  file: string,
  { dryRun = false }: { dryRun?: boolean } = {},
): Promise<{ method: string; verified: string; dryRun: boolean }> {
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
  if (ext === engine.ext) {
    const verified = await engine.verify(path);
    if (!dryRun) await engine.restore(path);
    return { method: engine.method, verified, dryRun };
  }
  // gzip on top of an uncompressed format: unpack to a private temporary file first.
  const tmp = await mkdtemp(join(tmpdir(), 'godwit-restore-'));
  try {
    const plain = join(tmp, `backup.${engine.ext}`);
    await gunzipFile(path, plain);
    const verified = await engine.verify(plain);
    if (!dryRun) await engine.restore(plain);
    return { method: engine.method, verified, dryRun };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
