/**
 * `godwit.sum`: the hash of every migration file of a folder, and of the list as a whole, so that
 * two branches that each add a migration conflict in git (both rewrite the first line) instead of
 * merging into a folder nobody reviewed in that order (Atlas's atlas.sum idea).
 *
 *     sha256:<hex of the list below>
 *     000001_create_users.sql sha256:<hex of the file>
 *     000002_add_email.up.sql sha256:<hex of the file>
 *
 * A file's hash is core's checksum of its whole bytes (BOM dropped, line endings normalised), so a
 * checkout that turns LF into CRLF matches. Pure: text and hashes in, a value or an error out.
 */
import { createHash } from 'node:crypto';
import { GodwitError } from '../errors.js';
import { checksumOfBytes } from '../source/checksum.js';

export const SUM_FILE = 'godwit.sum';
const PREFIX = 'sha256:';
const HEX64 = /^[0-9a-f]{64}$/;

export interface SumEntry {
  /** the file's name in the folder */
  file: string;
  /** hex SHA-256 */
  hash: string;
}

export interface Sum {
  /** hex SHA-256 of the entry lines, in order */
  total: string;
  /** by file name, in code-unit order */
  entries: SumEntry[];
}

/** How a folder differs from its sum file: the first difference, by file name. */
export interface SumMismatch {
  file: string;
  /** changed: hashes differ; added: not in the sum file; removed: in the sum file, not on disk */
  change: 'changed' | 'added' | 'removed';
}

/** The sum of `files` (name and bytes each), sorted by name. */
export function computeSum(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>): Sum {
  const entries = files
    .map((f) => ({ file: f.name, hash: checksumOfBytes(f.bytes) }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { total: totalOf(entries), entries };
}

function entryLine(e: SumEntry): string {
  return `${e.file} ${PREFIX}${e.hash}`;
}

function totalOf(entries: readonly SumEntry[]): string {
  const hash = createHash('sha256');
  for (const e of entries) hash.update(`${entryLine(e)}\n`);
  return hash.digest('hex');
}

/** The file's text: the total first, then one line per file. */
export function formatSum(sum: Sum): string {
  return `${PREFIX}${sum.total}\n${sum.entries.map((e) => `${entryLine(e)}\n`).join('')}`;
}

/**
 * Reads a sum file's text. `path` is what errors name. A malformed line, or a first line that does
 * not hash the rest (an edit by hand, or a merge that kept both sides), is a PARSE_ERROR at that line.
 */
export function parseSum(text: string, path: string): Sum {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const bad = (line: number, what: string) =>
    new GodwitError('PARSE_ERROR', `${SUM_FILE}: ${what}`, {
      file: path,
      line,
      hint: 'do not edit it by hand: after reviewing the migrations, run `godwit hash` to write it again',
    });
  const first = lines[0] ?? '';
  const total = first.startsWith(PREFIX) ? first.slice(PREFIX.length) : '';
  if (!HEX64.test(total)) throw bad(1, 'the first line must be sha256:<64 hex digits>, the hash of the list');
  const entries: SumEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const space = line.lastIndexOf(' ');
    const hash = space > 0 && line.startsWith(PREFIX, space + 1) ? line.slice(space + 1 + PREFIX.length) : '';
    if (!HEX64.test(hash)) throw bad(i + 1, `expected "<file> sha256:<64 hex digits>", found "${line.slice(0, 80)}"`);
    entries.push({ file: line.slice(0, space), hash });
  }
  if (totalOf(entries) !== total) {
    throw bad(1, 'the first line does not match the list (edited by hand, or a merge kept both sides)');
  }
  return { total, entries };
}

/** The first difference between what the sum file says and what is on disk; undefined when they agree. */
export function compareSum(recorded: Sum, actual: Sum): SumMismatch | undefined {
  if (recorded.total === actual.total) return undefined;
  const before = new Map(recorded.entries.map((e) => [e.file, e.hash]));
  const now = new Map(actual.entries.map((e) => [e.file, e.hash]));
  const names = [...new Set([...before.keys(), ...now.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const file of names) {
    const was = before.get(file);
    const is = now.get(file);
    if (was === undefined) return { file, change: 'added' };
    if (is === undefined) return { file, change: 'removed' };
    if (was !== is) return { file, change: 'changed' };
  }
  // Same files and hashes but another total cannot happen (the total is a function of the list).
  return undefined;
}
