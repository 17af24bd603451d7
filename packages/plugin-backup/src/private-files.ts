/**
 * Backups are full copies of the database (password hashes, personal data), so they are private
 * by construction, whatever the umask: the folder Godwit creates is 0700, every file 0600, and a
 * backup is written inside a private staging folder, so not even a half-written file is ever
 * readable by another user. Vendor tools (pg_dump, mongodump) create their files with the umask;
 * the staging folder is what keeps those private until `chmod` has run.
 */
import { chmod, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Make `dir` (and any parents it needs) if missing, mode 0700 whatever the umask. Returns a
 * warning when the folder already existed and other users can read it: Godwit does not change
 * the mode of a folder it did not create (it may be shared on purpose), it says so.
 */
export async function ensurePrivateDir(dir: string): Promise<string | undefined> {
  const first = await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (first !== undefined) {
    // mkdir's mode is filtered by the umask; chmod is not. Every folder it made, down to `dir`.
    for (let d = dir; ; d = dirname(d)) {
      await chmod(d, PRIVATE_DIR_MODE);
      if (d === first || d === dirname(d)) break;
    }
    return undefined;
  }
  const { mode } = await stat(dir);
  if ((mode & 0o077) === 0) return undefined;
  return openFolderWarning(dir, mode);
}

/** The warning for a backup folder other users can enter or read. */
export function openFolderWarning(dir: string, mode: number): string {
  const octal = (mode & 0o777).toString(8).padStart(3, '0');
  return `the backup folder ${dir} is open to other users (mode ${octal}), and backups are full copies of the database: chmod 700 ${dir}`;
}

/** A private folder of its own (mode 0700 whatever the umask) for one backup being written. */
export async function makeStagingDir(path: string): Promise<void> {
  await mkdir(path, { mode: PRIVATE_DIR_MODE });
  await chmod(path, PRIVATE_DIR_MODE);
}

/** Owner read and write only, whatever mode the tool that wrote `file` gave it. */
export function makePrivate(file: string): Promise<void> {
  return chmod(file, PRIVATE_FILE_MODE);
}
