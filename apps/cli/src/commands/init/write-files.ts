/**
 * Writes the starter files into the project folder, all or none: every path is checked before
 * the first is written, so a refused init (files already there, no --force) leaves the folder
 * exactly as it was.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { GodwitError } from '@godwit/core';
import type { StarterFile } from './starter-files.js';

export interface PlannedFile extends StarterFile {
  absolute: string;
  /** it is there already: overwritten with --force, refused without */
  exists: boolean;
}

export function planFiles(root: string, files: readonly StarterFile[]): PlannedFile[] {
  return files.map((f) => {
    const absolute = resolve(root, f.path);
    return { ...f, absolute, exists: existsSync(absolute) };
  });
}

/** Every existing file named in one error (exit 1), so one look at the folder settles it. */
export function refuseOverwrites(planned: readonly PlannedFile[], shown: (f: PlannedFile) => string): void {
  const existing = planned.filter((f) => f.exists);
  if (existing.length === 0) return;
  const names = existing.map(shown);
  const what = existing.length === 1 ? `${names[0]} already exists` : `${existing.length} files already exist: ${names.join(', ')}`;
  throw new GodwitError('VALIDATION_FAILED', `${what}; nothing was written`, {
    hint: 'pass --force to overwrite them, or run godwit init in another folder (--dir)',
    data: { existing: existing.map((f) => f.path) },
  });
}

export async function writePlanned(planned: readonly PlannedFile[]): Promise<void> {
  for (const f of planned) {
    await mkdir(dirname(f.absolute), { recursive: true });
    await writeFile(f.absolute, f.content);
  }
}
