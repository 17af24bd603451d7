/**
 * Groups a folder's migration files by version. Like golang-migrate, a pair is matched by version
 * and direction only: `1_create_t1.up.sql` and `1_drop_t1.down.sql` are one migration, named
 * after its up file, and a down file alone is a migration with an empty up. What cannot be one
 * migration is refused, every case of it at once: two up (or two down) files for one version, a
 * goose or code file beside other files of its version, an up and a down in different formats.
 */
import { join } from 'node:path';
import { GodwitError } from '../errors.js';
import { type ParsedFileName, parseFileName } from './file-name.js';

export type FolderFile = ParsedFileName & { path: string };

/** The files of one migration. */
export interface FileGroup {
  version: number;
  /** the up file's name (the down file's when there is no up file) */
  name: string;
  /** the goose or code file, or the up file of a pair; absent when only a down file exists (an empty up) */
  main?: FolderFile;
  down?: FolderFile;
}

/**
 * Groups migration files by version. The problems (misnamed files, versions that cannot be one
 * migration) are returned beside the groups, so the caller can report them with the problems of
 * the files it goes on to parse, all at once.
 */
export function groupByVersion(names: string[], folder: string): { groups: Map<number, FileGroup>; problems: GodwitError[] } {
  const problems: GodwitError[] = [];
  const byVersion = new Map<number, FolderFile[]>();
  for (const name of names) {
    const path = join(folder, name);
    const parsed = parseFileName(name, path);
    if (parsed === undefined) continue;
    if (parsed instanceof GodwitError) {
      problems.push(parsed);
      continue;
    }
    const list = byVersion.get(parsed.version) ?? [];
    list.push({ ...parsed, path });
    byVersion.set(parsed.version, list);
  }

  const groups = new Map<number, FileGroup>();
  for (const [version, files] of byVersion) {
    const group = groupOf(version, files);
    if (group instanceof GodwitError) problems.push(group);
    else groups.set(version, group);
  }
  return { groups, problems };
}

function groupOf(version: number, files: FolderFile[]): FileGroup | GodwitError {
  const singles = files.filter((f) => f.role === 'single');
  const ups = files.filter((f) => f.role === 'up');
  const downs = files.filter((f) => f.role === 'down');

  // A goose or code file is the whole migration: anything else with its version is a second one.
  if (singles.length > 1 || (singles.length === 1 && files.length > 1)) return duplicate(version, files);
  if (ups.length > 1) return duplicate(version, ups, 'two up files');
  if (downs.length > 1) return duplicate(version, downs, 'two down files');

  const main = singles[0] ?? ups[0];
  const down = downs[0];
  if (main && down && main.format !== down.format) return duplicate(version, [main, down], 'an up and a down file in different formats');
  return { version, name: (main ?? down)!.name, ...(main && { main }), ...(down && { down }) };
}

function duplicate(version: number, files: FolderFile[], what?: string): GodwitError {
  const sorted = [...files].sort((a, b) => a.fileName.localeCompare(b.fileName));
  const names = sorted.map((f) => f.fileName);
  const listed = names.length === 2 ? `${names[0]} and ${names[1]}` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return new GodwitError('DUPLICATE_VERSION', `duplicate version ${version}: ${what ? `${what}, ` : ''}${listed}`, {
    file: sorted[0]!.path,
    version,
    hint: 'give one of them the next free version (rename the file), or delete the one that is not wanted; one version is one migration',
    data: { files: sorted.map((f) => f.path) },
  });
}
