/**
 * Positions in SQL text. Three units meet here and must not be confused:
 * - libpg-query reports statement locations as BYTE offsets into the UTF-8 encoding;
 * - PostgreSQL reports error positions as CHARACTERS (code points) within the query it received;
 * - JavaScript strings are indexed in UTF-16 code units.
 * Files are reported as 1-based line and column, the column counted in characters, with `\n`,
 * `\r\n` and a lone `\r` each ending a line (so CRLF files map like LF files).
 */

export interface LineColumn {
  line: number;
  column: number;
}

/**
 * String indices (UTF-16) for ascending UTF-8 byte offsets, in one pass over the text. An offset
 * that falls inside a character (never produced by the parser) maps to that character's start.
 */
export function byteOffsetsToIndices(text: string, offsets: readonly number[]): number[] {
  const out: number[] = [];
  let byte = 0;
  let index = 0;
  for (const target of offsets) {
    while (index < text.length && byte < target) {
      const code = text.codePointAt(index)!;
      const units = code > 0xffff ? 2 : 1;
      const next = byte + utf8Length(code);
      if (next > target) break;
      byte = next;
      index += units;
    }
    out.push(index);
  }
  return out;
}

function utf8Length(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code < 0x10000) return 3;
  return 4;
}

/** The UTF-16 index of the `chars`-th code point of `text` (clamped to the end). */
export function charOffsetToIndex(text: string, chars: number): number {
  let index = 0;
  for (let n = 0; n < chars && index < text.length; n++) {
    index += text.codePointAt(index)! > 0xffff ? 2 : 1;
  }
  return index;
}

/**
 * Where `index` (UTF-16) of `text` lies in the file, given that `text` starts at `start` in it.
 */
export function positionAt(text: string, index: number, start: LineColumn): LineColumn {
  let line = start.line;
  let column = start.column;
  let i = 0;
  const end = Math.min(index, text.length);
  while (i < end) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0a) {
      line++;
      column = 1;
      i++;
    } else if (ch === 0x0d) {
      line++;
      column = 1;
      i += text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
    } else {
      column++;
      i += ch >= 0xd800 && ch <= 0xdbff ? 2 : 1;
    }
  }
  return { line, column };
}

/**
 * Length of the white space and comments (`-- ...`, nested `/* ... *\/`) at the start of `text`,
 * as a UTF-16 index. Only ever applied where the parser says a statement begins, so anything
 * before its first token is known to be trivia.
 */
export function leadingTriviaLength(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('--', i)) {
      const nl = text.slice(i).search(/[\r\n]/);
      i = nl < 0 ? text.length : i + nl;
      continue;
    }
    if (text.startsWith('/*', i)) {
      let depth = 0;
      while (i < text.length) {
        if (text.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (text.startsWith('*/', i)) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      continue;
    }
    return i;
  }
}
