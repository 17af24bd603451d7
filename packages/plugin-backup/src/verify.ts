/**
 * `backup list --verify`: every backup of this database checked against its recorded SHA-256 and
 * size (metadata.ts), reading files only, never connecting to the database.
 */
import type { BackupDatabase } from './naming.js';
import { type BackupFile, listBackups } from './files.js';
import { type Check, checkBackup } from './metadata.js';
import type { BackupOptions } from './options.js';

export interface CheckedBackup extends BackupFile {
  check: Check;
}

/** This database's backups, newest first, each with how it compares with its metadata. */
export async function verifyBackups(database: BackupDatabase, options: BackupOptions): Promise<CheckedBackup[]> {
  const out: CheckedBackup[] = [];
  for (const backup of await listBackups(database, options)) out.push({ ...backup, check: await checkBackup(backup.file) });
  return out;
}
