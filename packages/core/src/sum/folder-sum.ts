/**
 * A migrations folder and its `godwit.sum`: compute the sum of what is on disk, write it
 * (`godwit hash`, `create`), and check it (`validate`, `up`, `lint` and the other commands that
 * read the folder). The sum file is opt-in: a folder without one passes the check.
 *
 * The files summed are the folder's migration files (what the folder source would read, misnamed
 * ones included, so renaming one is a change too), in the folder the source reads: `schema/`
 * when there is one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GodwitError } from '../errors.js';
import { parseFileName } from '../source/file-name.js';
import { migrationsFolder } from '../source/folder-source.js';
import { nodeFileSystem, type SourceFileSystem } from '../source/source-fs.js';
import { compareSum, computeSum, formatSum, parseSum, SUM_FILE, type Sum } from './sum-file.js';

export interface FolderSumOptions {
  fs?: SourceFileSystem;
}

/** The sum of the migration files in `dir` (or its `schema/`), and the folder it was taken in. */
export async function sumOfFolder(dir: string, options: FolderSumOptions = {}): Promise<{ folder: string; sum: Sum }> {
  const fs = options.fs ?? nodeFileSystem;
  const folder = await migrationsFolder(fs, dir);
  const names = (await fs.readdir(folder)).filter((name) => name !== SUM_FILE && parseFileName(name) !== undefined);
  const files = await Promise.all(
    names.map(async (name) => {
      const raw = await fs.readFile(join(folder, name));
      return { name, bytes: typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw };
    }),
  );
  return { folder, sum: computeSum(files) };
}

/** Writes `godwit.sum` for the folder as it is now; returns its path and how many files it lists. */
export async function writeFolderSum(
  dir: string,
  options: FolderSumOptions & { write?: (path: string, text: string) => void } = {},
): Promise<{ file: string; files: number }> {
  const { folder, sum } = await sumOfFolder(dir, options);
  const file = join(folder, SUM_FILE);
  (options.write ?? ((path, text) => writeFileSync(path, text)))(file, formatSum(sum));
  return { file, files: sum.entries.length };
}

/** The recorded sum of the folder, or undefined when it has no sum file. */
async function recordedSum(fs: SourceFileSystem, folder: string): Promise<Sum | undefined> {
  const path = join(folder, SUM_FILE);
  let raw: Uint8Array | string;
  try {
    raw = await fs.readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GodwitError('SOURCE_NOT_FOUND', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file: path });
  }
  return parseSum(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'), path);
}

/**
 * Throws CHECKSUM_MISMATCH naming the first file that differs from the folder's `godwit.sum`
 * (PARSE_ERROR when the sum file itself is malformed); returns whether a sum file was checked.
 */
export async function checkFolderSum(dir: string, options: FolderSumOptions = {}): Promise<boolean> {
  const fs = options.fs ?? nodeFileSystem;
  // The sum file first: a folder without one (the usual case) costs one failed read, not a hash of every file.
  const recorded = await recordedSum(fs, await migrationsFolder(fs, dir));
  if (recorded === undefined) return false;
  const { folder, sum } = await sumOfFolder(dir, { fs });
  const mismatch = compareSum(recorded, sum);
  if (mismatch === undefined) return true;
  const what = { changed: 'differs from', added: 'is not listed in', removed: 'is listed in' }[mismatch.change];
  const tail = mismatch.change === 'removed' ? ' but missing from the folder' : '';
  throw new GodwitError('CHECKSUM_MISMATCH', `${mismatch.file} ${what} ${SUM_FILE}${tail}`, {
    file: join(folder, mismatch.file),
    hint: `review the change, then run \`godwit hash\` to record it (or pass --no-sum to skip this check)`,
    data: { sumFile: join(folder, SUM_FILE), change: mismatch.change },
  });
}

/** Writes the folder's `godwit.sum` again when it has one (`create` after adding a file); returns whether it did. */
export async function refreshFolderSum(dir: string, options: FolderSumOptions & { write?: (path: string, text: string) => void } = {}): Promise<boolean> {
  const fs = options.fs ?? nodeFileSystem;
  const folder = await migrationsFolder(fs, dir);
  if ((await recordedSum(fs, folder)) === undefined) return false;
  await writeFolderSum(dir, options);
  return true;
}
