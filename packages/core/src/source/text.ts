/**
 * Text helpers shared by the parsers: BOM stripping, line splitting that accepts LF, CRLF and CR,
 * and turning a character offset into a 1-based line and column (so every error can say
 * `file:line:column`, whatever line endings the file was written with); and their byte
 * counterparts, for checksums and for locating bytes that are not UTF-8.
 */

const BOM = '\uFEFF';

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** `bytes` without a leading UTF-8 byte order mark (EF BB BF). */
export function stripBomBytes(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** Lines without their terminators; `a\r\nb\n` gives ['a', 'b', '']. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export interface LineColumn {
  line: number;
  column: number;
}

/**
 * Returns a function mapping an offset in `text` to its line and column, counted from
 * `firstLine` (the line `text` starts on in its file). Line starts are indexed once and searched
 * by bisection, so a long file with many statements stays linear.
 */
export function createLineIndex(text: string, firstLine = 1): (offset: number) => LineColumn {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) starts.push(i + 1);
    else if (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: firstLine + lo, column: offset - starts[lo]! + 1 };
  };
}

/** Line and column of one offset (builds the index once; use createLineIndex for many). */
export function lineColumnAt(text: string, offset: number, firstLine = 1): LineColumn {
  return createLineIndex(text, firstLine)(offset);
}

/** A line of a file's bytes: `[start, end)` without its terminator. */
export interface ByteSpan {
  start: number;
  end: number;
}

/**
 * The lines of `bytes`, split on LF, CRLF and CR exactly as `splitLines` splits the decoded text:
 * 0x0A and 0x0D never occur inside a multi-byte UTF-8 sequence, so line i of the bytes is the
 * encoding of line i of the text.
 */
/**
 * Calls `visit(start, end, index)` for each line of `bytes` (as `byteLines` splits them) without
 * building the list: a 50 MB file has half a million lines.
 */
export function eachByteLine(bytes: Uint8Array, visit: (start: number, end: number, index: number) => void): void {
  let start = 0;
  let index = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 10 || b === 13) {
      visit(start, i, index++);
      if (b === 13 && bytes[i + 1] === 10) i++;
      start = i + 1;
    }
  }
  visit(start, bytes.length, index);
}

export function byteLines(bytes: Uint8Array): ByteSpan[] {
  const lines: ByteSpan[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 10) {
      lines.push({ start, end: i });
      start = i + 1;
    } else if (b === 13) {
      lines.push({ start, end: i });
      if (bytes[i + 1] === 10) i++;
      start = i + 1;
    }
  }
  lines.push({ start, end: bytes.length });
  return lines;
}

/**
 * Offset of the first byte of the first ill-formed UTF-8 sequence in `bytes`, or -1 when all of it
 * is UTF-8. The same rules as `new TextDecoder('utf-8', { fatal: true })`: no overlong forms, no
 * surrogates (ED A0..BF), nothing above U+10FFFF, no truncated sequence at the end.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i; // a continuation byte, C0/C1 (overlong) or F5..FF
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < lo || c > hi) return i;
      lo = 0x80;
      hi = 0xbf;
    }
    i += need + 1;
  }
  return -1;
}
