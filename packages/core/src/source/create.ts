/**
 * `godwit create`: the next version (sequential, or a UTC timestamp), a snake_case name, and the
 * template's file(s) written into the migrations folder, never over an existing file.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { GodwitError } from '../errors.js';
import { MAX_VERSION, type Migration } from '../migration.js';
import type { CreatedMigration, CreateOptions } from '../migrator-contract.js';
import { renderTemplate } from './templates.js';

export interface CreateMigrationFilesOptions extends CreateOptions {
  /** the database's folder; files go into its `schema/` subfolder when there is one */
  dir: string;
  name: string;
  /** what the source lists now, for the next version and its padding */
  existing: Migration[];
}

export async function createMigrationFiles(options: CreateMigrationFilesOptions): Promise<CreatedMigration> {
  const name = normaliseName(options.name);
  if (name === '') {
    throw new GodwitError('USAGE', `migration name ${JSON.stringify(options.name)} has no letters or digits`, {
      hint: 'e.g. godwit create create_users',
    });
  }
  const version =
    options.numbering === 'timestamp' ? timestampVersion(options.now ?? new Date(), options.existing) : sequentialVersion(options.existing);
  const folder = await targetFolder(options.dir);
  const files = renderTemplate(options.template ?? 'blank', options.format ?? 'sql', name).map((t) => ({
    path: join(folder, `${version.text}_${name}${t.suffix}`),
    content: t.content,
  }));

  // Check every file before writing any, so a clash never leaves half a pair behind.
  for (const f of files) {
    if (await exists(f.path)) {
      throw new GodwitError('USAGE', `${f.path} already exists`, { file: f.path, hint: 'choose another name, or remove the file' });
    }
  }
  const created = { version: version.value, name, files: files.map((f) => f.path) };
  if (options.dryRun) return { ...created, contents: files.map((f) => f.content) };
  await mkdir(folder, { recursive: true });
  for (const f of files) await writeFile(f.path, f.content, { flag: 'wx' });
  return created;
}

/** `AddEmail to Users!` -> `add_email_to_users`: lower snake case of [a-z0-9_]. */
export function normaliseName(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off: `créer` -> `creer`
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2') // camelCase -> camel_Case
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

interface Version {
  value: number;
  /** as written in the file name (zero-padded) */
  text: string;
}

/** 10 digits or more: a Unix or YYYYMMDDHHMMSS timestamp, not a counter. */
function looksLikeTimestamp(version: number): boolean {
  return version >= 1_000_000_000;
}

/**
 * Highest + 1, zero-padded to 6 digits or to the width the folder's sequential files already use.
 * After a timestamp version the count simply goes on from it (no padding needed).
 */
export function sequentialVersion(existing: Migration[]): Version {
  const highest = existing.reduce((max, m) => Math.max(max, m.version), 0);
  const value = highest + 1;
  checkRange(value);
  if (looksLikeTimestamp(highest)) return { value, text: String(value) };
  const width = existing
    .filter((m) => !looksLikeTimestamp(m.version))
    .reduce((w, m) => Math.max(w, /^\d+/.exec(basename(m.file))?.[0].length ?? 0), 6);
  return { value, text: String(value).padStart(width, '0') };
}

/** UTC YYYYMMDDHHMMSS; one second later if that version is taken (two creates in one second). */
export function timestampVersion(now: Date, existing: Migration[]): Version {
  const taken = new Set(existing.map((m) => m.version));
  let value = Number(now.toISOString().replace(/\D/g, '').slice(0, 14));
  while (taken.has(value)) value++;
  checkRange(value);
  return { value, text: String(value) };
}

function checkRange(value: number): void {
  if (value > MAX_VERSION) {
    throw new GodwitError('INVALID_VERSION', `the next version would be above ${MAX_VERSION} (2^53-1)`, {
      hint: 'renumber the folder with smaller versions',
    });
  }
}

async function targetFolder(dir: string): Promise<string> {
  const schema = join(dir, 'schema');
  return (await isDirectory(schema)) ? schema : dir;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
