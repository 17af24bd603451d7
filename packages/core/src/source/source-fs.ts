/**
 * The file-system seam of the folder source (the real disk by default, a fake in tests), and the
 * one place where a migration file's bytes are read and decoded.
 */
import { isUtf8 } from 'node:buffer';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { GodwitError } from '../errors.js';
import { byteLines, firstInvalidUtf8, stripBomBytes } from './text.js';

/** What the folder source needs from a file system. */
export interface SourceFileSystem {
  readdir(path: string): Promise<string[]>;
  /** the file's bytes; a string (from a fake) stands for its UTF-8 encoding */
  readFile(path: string): Promise<Uint8Array | string>;
  stat(path: string): Promise<{ isDirectory(): boolean }>;
}

/**
 * Synchronous calls behind an async interface, on purpose: migration files are small and are all
 * read before anything runs, and reading 1,000 of them took ~17 ms with readFileSync against
 * ~130 ms with fs/promises in parallel (its per-file thread-pool round trips dominate), which
 * matters for `godwit status` on a large folder.
 */
export const nodeFileSystem: SourceFileSystem = {
  readdir: async (path) => readdirSync(path),
  // Node's UTF-8 read is its fastest path (no Buffer handed to JS). Text holding U+FFFD may be
  // a decoder's replacement for bytes that are not UTF-8, so such a file is read again as bytes
  // and judged on them; any other text is exactly the file's (valid UTF-8) bytes decoded.
  readFile: async (path) => {
    const text = readFileSync(path, 'utf8');
    return text.includes('\uFFFD') ? readFileSync(path) : text;
  },
  stat: async (path) => statSync(path),
};

/** A migration file as read: its bytes and its text, both without the UTF-8 BOM. */
export interface SourceFile {
  path: string;
  /** the raw bytes less a leading BOM: what the checksum is taken on */
  bytes: Uint8Array;
  /** `bytes` decoded: what the parsers read */
  text: string;
}

/** Reads and decodes one migration file; SOURCE_NOT_FOUND when unreadable, PARSE_ERROR when not UTF-8. */
export async function readSourceFile(fs: SourceFileSystem, path: string): Promise<SourceFile> {
  let raw: Uint8Array | string;
  try {
    raw = await fs.readFile(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    throw new GodwitError('SOURCE_NOT_FOUND', `cannot read ${path}: ${reason}`, {
      file: path,
      hint: 'check the file is readable by this user',
      cause: e,
    });
  }
  if (typeof raw !== 'string') return decodeSourceFile(raw, path);
  // A string is valid UTF-8 by construction: its bytes are its encoding (the BOM dropped from both).
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return { path, bytes: Buffer.from(text, 'utf8'), text };
}

// fatal: bytes that are not UTF-8 throw instead of becoming U+FFFD, which would be applied as is
// and would hide a later change of those bytes. ignoreBOM: the BOM is dropped before decoding.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes a migration file's bytes as UTF-8 (a leading BOM allowed and dropped). Any other bytes
 * are refused with the file:line:column of the first bad byte, so nothing is ever run or
 * checksummed from a guess at what the bytes meant.
 */
export function decodeSourceFile(raw: Uint8Array, path: string): SourceFile {
  const bytes = stripBomBytes(raw);
  // isUtf8 (simdutf) then a plain decode: the same verdict as the fatal decoder, faster on the
  // thousand small files `status` reads.
  if (!isUtf8(bytes)) throw notUtf8(raw, bytes, path);
  return { path, bytes, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
}

function notUtf8(raw: Uint8Array, bytes: Uint8Array, path: string): GodwitError {
  const hint = 'migration files must be UTF-8: re-save the file as UTF-8 (in your editor, or with iconv -f <its encoding> -t UTF-8)';
  if ((raw[0] === 0xff && raw[1] === 0xfe) || (raw[0] === 0xfe && raw[1] === 0xff)) {
    return new GodwitError('PARSE_ERROR', 'the file is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8', {
      file: path,
      line: 1,
      column: 1,
      hint,
    });
  }
  const offset = Math.max(0, firstInvalidUtf8(bytes));
  const byte = `0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
  const lines = byteLines(bytes.subarray(0, offset));
  const last = lines[lines.length - 1]!;
  // Columns count UTF-16 code units of the decoded line, like every other file:line:column; what
  // precedes the first bad byte is valid UTF-8.
  const column = decoder.decode(bytes.subarray(last.start, offset)).length + 1;
  return new GodwitError('PARSE_ERROR', `the file is not valid UTF-8: byte ${byte} is not part of a UTF-8 character`, {
    file: path,
    line: lines.length,
    column,
    hint,
    data: { byte, offset: offset + (raw.length - bytes.length) },
  });
}
