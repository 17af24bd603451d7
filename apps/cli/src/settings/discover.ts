/**
 * Discovery by convention: each `migrations/<driver>-<name>/` folder is one database, so adding
 * a database is making a folder, not editing a list. Its migrations sit in `schema/` when that
 * folder exists, else directly inside; a `seed/` folder beside them holds seed migrations.
 * A folder that does not follow the pattern is reported (a warning, or an error with --strict)
 * rather than guessed at.
 */
import { join, resolve } from 'node:path';
import { type DriverKind, GodwitError } from '@godwit/core';
import { diskFiles, type SettingsFiles } from '../config/files.js';

/** The folder prefixes and the driver each names (DESIGN.md "Multi-database projects"). */
export const FOLDER_DRIVERS: Readonly<Record<string, DriverKind>> = { postgres: 'postgres', sqlite: 'sqlite', mongo: 'mongodb' };

const FOLDER = /^([a-z][a-z0-9]*)-([a-z0-9][a-z0-9_-]*)$/;

export interface DiscoveredDatabase {
  /** the folder's name: `postgres-inventory` */
  id: string;
  driver: DriverKind;
  /** the folder the migrations are read from (`.../schema` when present) */
  dir: string;
  /** `.../seed` when present */
  seedDir?: string;
  /** `POSTGRES_INVENTORY_URL` */
  urlVariable: string;
}

export interface Discovery {
  databases: DiscoveredDatabase[];
  /** one line each: a folder that was skipped and why */
  warnings: string[];
}

/** `root` as the user wrote it (for messages and the paths returned), relative to `cwd`. */
export function discoverDatabases(root: string, cwd: string, strict: boolean, files: SettingsFiles = diskFiles): Discovery {
  const discovery: Discovery = { databases: [], warnings: [] };
  if (!files.exists(resolve(cwd, root))) return discovery;
  const folders = files
    .folders(resolve(cwd, root))
    .filter((name) => !name.startsWith('.'))
    .sort();
  for (const name of folders) {
    const problem = folderProblem(name);
    if (problem) {
      const where = join(root, name);
      if (strict) throw new GodwitError('USAGE', `${where}: ${problem.message}`, { hint: problem.hint });
      discovery.warnings.push(`${where}: ${problem.message}; skipped (${problem.hint})`);
      continue;
    }
    const folder = join(root, name);
    const schema = join(folder, 'schema');
    const seed = join(folder, 'seed');
    const isFolder = (path: string) => files.isFolder(resolve(cwd, path));
    discovery.databases.push({
      id: name,
      driver: FOLDER_DRIVERS[name.slice(0, name.indexOf('-'))]!,
      dir: isFolder(schema) ? schema : folder,
      ...(isFolder(seed) && { seedDir: seed }),
      urlVariable: urlVariableOf(name),
    });
  }
  return discovery;
}

/** The driver a folder name means by the convention (`postgres-inventory` -> postgres), if any. */
export function folderDriver(name: string): DriverKind | undefined {
  const prefix = FOLDER.exec(name)?.[1];
  return prefix === undefined ? undefined : FOLDER_DRIVERS[prefix];
}

/** `postgres-inventory` -> `POSTGRES_INVENTORY_URL`; `mongo-click.stream` -> `MONGO_CLICK_STREAM_URL`. */
export function urlVariableOf(id: string): string {
  return `${id.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_URL`;
}

function folderProblem(name: string): { message: string; hint: string } | undefined {
  const m = FOLDER.exec(name);
  const known = Object.keys(FOLDER_DRIVERS).join(', ');
  if (!m) {
    return {
      message: `"${name}" is not named <driver>-<name>`,
      hint: `name database folders like postgres-inventory (lower case; drivers: ${known})`,
    };
  }
  if (!(m[1]! in FOLDER_DRIVERS)) {
    return { message: `unknown driver prefix "${m[1]}"`, hint: `use one of: ${known}` };
  }
  return undefined;
}
