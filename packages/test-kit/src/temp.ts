/** A temporary folder for a test, with files written into it, removed afterwards. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempDir {
  dir: string;
  /** an absolute path in the folder */
  path(relative: string): string;
  /** writes each file (path relative to the folder, parents created) */
  write(files: Record<string, string>): Promise<void>;
  remove(): Promise<void>;
}

/** `godwit-<prefix>-XXXXXX` in the system's temp folder. */
export async function tempDir(prefix: string, files: Record<string, string> = {}): Promise<TempDir> {
  const dir = await mkdtemp(join(tmpdir(), `godwit-${prefix}-`));
  const temp: TempDir = {
    dir,
    path: (relative) => join(dir, relative),
    async write(more) {
      for (const [name, text] of Object.entries(more)) {
        await mkdir(dirname(join(dir, name)), { recursive: true });
        await writeFile(join(dir, name), text);
      }
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  await temp.write(files);
  return temp;
}
