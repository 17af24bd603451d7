/**
 * File modes as the tests check them: every backup test file runs under the umask a new user has
 * (0022, which makes files world-readable by default), so a private mode proves Godwit set it.
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { metadataPath } from '../../src/index.js';

/** Run the enclosing file (or describe) under `mask`; the previous umask comes back afterwards. */
export function underUmask(mask: number): void {
  let previous: number | undefined;
  beforeAll(() => {
    previous = process.umask(mask);
  });
  afterAll(() => {
    if (previous !== undefined) process.umask(previous);
  });
}

export async function modeOf(path: string): Promise<string> {
  return ((await stat(path)).mode & 0o777).toString(8).padStart(3, '0');
}

/** The modes of a backup's folder, file and metadata, to compare with PRIVATE. */
export async function privacyOf(file: string): Promise<{ folder: string; file: string; metadata: string }> {
  return { folder: await modeOf(dirname(file)), file: await modeOf(file), metadata: await modeOf(metadataPath(file)) };
}

export const PRIVATE = { folder: '700', file: '600', metadata: '600' };

/** A copy of `file`'s bytes with the one at `index` changed: same size, different content. */
export function flipByte(bytes: Buffer, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index] = (copy[index]! ^ 0xff) & 0xff;
  return copy;
}
