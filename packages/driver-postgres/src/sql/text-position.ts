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
  // ASCII text (the common case): bytes and indices are the same.
  if (Buffer.byteLength(text, 'utf8') === text.length) return offsets.map((o) => Math.min(o, text.length));
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
 * Counts from the start of `text`: for many positions in one text, use a PositionTracker.
 */
export function positionAt(text: string, index: number, start: LineColumn): LineColumn {
  return new PositionTracker(text, start).at(index);
}

/**
 * Positions of ascending indices of one text, each found by counting on from the previous one, so
 * that all the statements of a file cost one pass over it (not one pass each).
 */
export class PositionTracker {
  private i = 0;
  /** the index the count stood at before its last step (a CRLF or a surrogate pair is one step) */
  private before = -1;
  private line: number;
  private column: number;

  constructor(
    private readonly text: string,
    private readonly start: LineColumn,
  ) {
    this.line = start.line;
    this.column = start.column;
  }

  /** Where `index` lies; an index before the previous one asked for starts the count over. */
  at(index: number): LineColumn {
    const text = this.text;
    const end = Math.min(index, text.length);
    if (end <= this.before) {
      this.i = 0;
      this.before = -1;
      this.line = this.start.line;
      this.column = this.start.column;
    }
    let { i, before, line, column } = this;
    while (i < end) {
      before = i;
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
    this.i = i;
    this.before = before;
    this.line = line;
    this.column = column;
    return { line, column };
  }
}

/**
 * Length of the white space and comments (`-- ...`, nested `/* ... *\/`) at the start of `text`,
 * as a UTF-16 index. Only ever applied where the parser says a statement begins, so anything
 * before its first token is known to be trivia.
 */
export function leadingTriviaLength(text: string): number {
  return triviaEnd(text, 0, text.length);
}

const LINE_BREAK = /[\r\n]/g;

/** Like leadingTriviaLength for `text[from, end)`, without copying it: the index where trivia ends. */
export function triviaEnd(text: string, from: number, end: number): number {
  let i = from;
  for (;;) {
    while (i < end && isWhiteSpace(text.charCodeAt(i))) i++;
    if (i + 1 < end && text.charCodeAt(i) === 0x2d && text.charCodeAt(i + 1) === 0x2d) {
      LINE_BREAK.lastIndex = i;
      const nl = LINE_BREAK.exec(text);
      i = nl === null || nl.index >= end ? end : nl.index;
      continue;
    }
    if (i + 1 < end && text.charCodeAt(i) === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      let depth = 0;
      while (i < end) {
        if (i + 1 < end && text.charCodeAt(i) === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
          depth++;
          i += 2;
        } else if (i + 1 < end && text.charCodeAt(i) === 0x2a && text.charCodeAt(i + 1) === 0x2f) {
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

/** What `/\s/` matches, for one UTF-16 unit. */
function isWhiteSpace(ch: number): boolean {
  if (ch < 0x80) return ch === 0x20 || (ch >= 0x09 && ch <= 0x0d);
  return WHITE_SPACE.test(String.fromCharCode(ch));
}

const WHITE_SPACE = /\s/;
