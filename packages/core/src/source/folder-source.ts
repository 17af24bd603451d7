/**
 * The folder source: a database's migrations folder (or its `schema/` subfolder when there is
 * one). `list()` reads and parses every migration file up front, so checksums and structural
 * errors (duplicate versions, bad annotations, invalid JSON) are known before anything runs, every
 * broken file at once; `load()` then only applies ENVSUB to what was already parsed.
 */
import { isAbsolute, join } from 'node:path';
import { GodwitError } from '../errors.js';
import type { Migration, Source } from '../migration.js';
import type { Env } from './envsub.js';
import { buildMigration } from './folder-migration.js';
import { throwAll } from './source-errors.js';
import { nodeFileSystem, type SourceFileSystem } from './source-fs.js';
import { groupByVersion } from './version-groups.js';

export type { SourceFileSystem } from './source-fs.js';

export interface FolderSourceOptions {
  /** the database's folder, as the user gave it (paths in errors start with it) */
  dir: string;
  /** variables for ENVSUB; default process.env, read when a migration is loaded */
  env?: Env;
  fs?: SourceFileSystem;
}

export function createFolderSource(options: FolderSourceOptions): Source & { dir: string } {
  const { dir } = options;
  const fs = options.fs ?? nodeFileSystem;
  const env = () => options.env ?? process.env;
  return {
    dir,
    description: dir,
    async list(): Promise<Migration[]> {
      const folder = await migrationsFolder(fs, dir);
      const names = await readNames(fs, folder);
      const { groups, problems } = groupByVersion(names, folder);
      // Every file is read and parsed even after one fails, so all broken files are reported at once.
      const built = await Promise.allSettled([...groups.values()].map((group) => buildMigration(group, fs, env)));
      const migrations: Migration[] = [];
      for (const result of built) {
        if (result.status === 'fulfilled') migrations.push(result.value);
        else if (result.reason instanceof GodwitError) problems.push(result.reason);
        else throw result.reason;
      }
      throwAll(problems);
      return migrations.sort((a, b) => a.version - b.version);
    },
  };
}

/** `dir/schema` when it is a folder (a database folder may keep its migrations there), else `dir`. */
/** The folder given is not there (or not a folder): the caller's to fix, like a bad flag (the CLI exits 2). */
export const NO_FOLDER = { folder: 'missing' } as const;

export async function migrationsFolder(fs: SourceFileSystem, dir: string): Promise<string> {
  const shown = displayPath(dir);
  let isDirectory: boolean;
  try {
    isDirectory = (await fs.stat(dir)).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new GodwitError('SOURCE_NOT_FOUND', `migrations folder ${shown} not found`, {
        file: dir,
        hint: `create it (godwit create <name> does) or pass --dir <path>`,
        data: NO_FOLDER,
      });
    }
    throw unreadable(dir, e);
  }
  if (!isDirectory) {
    throw new GodwitError('SOURCE_NOT_FOUND', `${shown} is not a folder`, { file: dir, hint: 'pass the migrations folder with --dir <path>', data: NO_FOLDER });
  }
  const schema = join(dir, 'schema');
  try {
    if ((await fs.stat(schema)).isDirectory()) return schema;
  } catch {
    // no schema/ subfolder: migrations sit in dir itself
  }
  return dir;
}

async function readNames(fs: SourceFileSystem, folder: string): Promise<string[]> {
  try {
    return (await fs.readdir(folder)).sort();
  } catch (e) {
    throw unreadable(folder, e);
  }
}

function unreadable(dir: string, e: unknown): GodwitError {
  const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
  return new GodwitError('SOURCE_NOT_FOUND', `cannot read migrations folder ${displayPath(dir)}: ${reason}`, {
    file: dir,
    hint: 'check the folder exists and is readable by this user, or pass --dir <path>',
    cause: e,
  });
}

/** `./x` for a bare relative path, so a message reads as a path. */
function displayPath(dir: string): string {
  return isAbsolute(dir) || dir.startsWith('.') ? dir : `./${dir}`;
}
