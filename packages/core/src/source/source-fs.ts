/** The file-system seam of the folder source: node:fs/promises by default, a fake in tests. */
import * as fsp from 'node:fs/promises';

/** What the folder source needs from a file system. */
export interface SourceFileSystem {
  readdir(path: string): Promise<string[]>;
  readFile(path: string): Promise<string>;
  stat(path: string): Promise<{ isDirectory(): boolean }>;
}

export const nodeFileSystem: SourceFileSystem = {
  readdir: (path) => fsp.readdir(path),
  readFile: (path) => fsp.readFile(path, 'utf8'),
  stat: (path) => fsp.stat(path),
};
