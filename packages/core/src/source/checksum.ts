/**
 * A migration's checksum: SHA-256 (hex) of its up part's bytes with the BOM dropped and line
 * endings normalised to '\n', so a checkout that turns LF into CRLF does not look like an edited
 * file.
 *
 * It is taken on the file's raw bytes, not on decoded text, so no byte of the file can change
 * without changing it. Files must be UTF-8 (the source refuses any other), and for UTF-8 the bytes
 * are exactly the UTF-8 encoding of the decoded text: these checksums are identical to the ones
 * earlier versions computed from the decoded text, so databases migrated by them need no checksum
 * migration (checksum.test.ts holds checksums of such files, computed before this change).
 */
import { createHash, type Hash } from 'node:crypto';
import { type ByteSpan, eachByteLine, stripBomBytes } from './text.js';

const NEWLINE = new Uint8Array([10]);

/** Checksum of a whole file's bytes: BOM dropped, CRLF and CR turned into LF. */
export function checksumOfBytes(bytes: Uint8Array): string {
  const body = stripBomBytes(bytes);
  const hash = createHash('sha256');
  // The common case, LF endings only: one update (`status` hashes every file of the folder).
  if (!body.includes(13)) return hash.update(body).digest('hex');
  eachByteLine(body, (start, end, i) => {
    if (i > 0) hash.update(NEWLINE);
    hash.update(body.subarray(start, end));
  });
  return hash.digest('hex');
}

/**
 * Checksum of the lines `[from, to)` (0-based) of a file's BOM-less bytes, each ended by '\n':
 * for goose files, whose checksum covers the Up section only.
 */
export function checksumOfLineRange(bytes: Uint8Array, from: number, to: number): string {
  const hash: Hash = createHash('sha256');
  let first = -1;
  let last = -1;
  let crlf = false;
  eachByteLine(bytes, (start, end, i) => {
    if (i < from || i >= to) return;
    if (first < 0) first = start;
    last = end;
    if (end < bytes.length && bytes[end] === 13) crlf = true;
  });
  if (first < 0) return hash.digest('hex');
  // LF endings only: the lines and their separators are one run of the file's bytes.
  if (!crlf) return hash.update(bytes.subarray(first, last)).update(NEWLINE).digest('hex');
  eachByteLine(bytes, (start, end, i) => {
    if (i < from || i >= to) return;
    hash.update(bytes.subarray(start, end));
    hash.update(NEWLINE);
  });
  return hash.digest('hex');
}

/**
 * Checksum of some lines of a file (spans from `byteLines` of its BOM-less bytes), each ended by
 * '\n': for goose files, whose checksum covers the Up section only.
 */
export function checksumOfLines(bytes: Uint8Array, lines: readonly ByteSpan[]): string {
  const hash: Hash = createHash('sha256');
  for (const line of lines) {
    hash.update(bytes.subarray(line.start, line.end));
    hash.update(NEWLINE);
  }
  return hash.digest('hex');
}

/** Checksum of text given in code (inline migrations): the checksum of its UTF-8 bytes. */
export function checksumOf(text: string): string {
  return checksumOfBytes(Buffer.from(text, 'utf8'));
}
