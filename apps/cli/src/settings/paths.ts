/**
 * Paths as the user gave them, with where they are. A relative path in the options or the config
 * is relative to the command's working folder: the `cwd` handed to `main()`, which need not be
 * process.cwd() when the CLI runs in-process (tests, wrappers).
 */
import { resolve } from 'node:path';

/** The migrations folder when neither --dir nor the config names one. */
export const DEFAULT_DIR = './migrations';

export interface LocalPath {
  /** as written on the command line or in the config: what messages show */
  given: string;
  /** resolved against the command's working folder */
  absolute: string;
}

export function localPath(cwd: string, given: string): LocalPath {
  return { given, absolute: resolve(cwd, given) };
}

/**
 * The path to hand to code that resolves relative paths against process.cwd() (core's folder
 * source and `create`, the SQLite driver, the backup tools, the metrics file): the user's own
 * spelling when that names the same place, so messages read as they were written; otherwise (an
 * in-process run in another folder) the absolute path.
 */
export function pathForTools(path: LocalPath): string {
  return resolve(path.given) === path.absolute ? path.given : path.absolute;
}
