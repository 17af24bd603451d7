/**
 * The file-system seam of settings resolution: what the config loader and the project discovery
 * read. The disk by default; a test hands the resolver a fake and stays off the disk (and can
 * count how often the config file is read). Every path given here is absolute: the callers
 * resolve against the command's working folder, never process.cwd().
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface SettingsFiles {
  exists(path: string): boolean;
  /** the file's text (UTF-8); throws the file system's error, with its `code`, when unreadable */
  readText(path: string): string;
  /** an ES module (`godwit.config.mjs`): its namespace */
  importModule(path: string): Promise<{ default?: unknown }>;
  /** the names of the folders directly inside `path` (not files) */
  folders(path: string): string[];
  isFolder(path: string): boolean;
}

export const diskFiles: SettingsFiles = {
  exists: (path) => existsSync(path),
  readText: (path) => readFileSync(path, 'utf8'),
  importModule: (path) => import(pathToFileURL(path).href) as Promise<{ default?: unknown }>,
  folders: (path) =>
    readdirSync(path, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name),
  isFolder(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
};
