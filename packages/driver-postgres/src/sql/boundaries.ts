/**
 * Where SQL text may be cut before it goes to the parser, so that a file of any size is parsed in
 * bounded pieces (parsing a multi-MB file at once costs memory far beyond its size, and fails
 * outright around 50 MB).
 *
 * `lexicalCuts` proposes cuts: a single forward pass over the text that finds `;` outside single-
 * quoted strings (with `E''` escapes and their continuation lines), quoted identifiers, dollar
 * quotes and comments (nested block comments, line comments), following PostgreSQL's scanner. It
 * only proposes: split.ts accepts a cut when the parser's own result proves it (see
 * `endsOnSeparator`), and otherwise parses a bigger piece. So a wrong proposal here (e.g. a `;`
 * inside a `BEGIN ATOMIC` body, which only the grammar knows about) costs a second parse, never a
 * wrong statement.
 */

import { SEMICOLON, QUOTE, DOUBLE_QUOTE, DOLLAR, DASH, SLASH, STAR, BACKSLASH } from './char-codes.js';

/** Proposed cuts of one text, asked for in increasing order. */
export interface CutFinder {
  /**
   * The smallest proposed cut (the index just after a `;`) at or after `min`, or the text's
   * length when there is none. `min` must exceed every cut returned before.
   */
  next(min: number): number;
}


/** PostgreSQL's identifier start: a letter, `_` or any non-ASCII character (`[A-Za-z\200-\377_]`). */
export function isIdentStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** What may follow in an identifier, `$` included (`a$b` is one identifier, not a dollar quote). */
export function isIdentCont(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === DOLLAR;
}

/** What may follow in a dollar-quote tag: an identifier character except `$`. */
export function isTagCont(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

/** PostgreSQL's white space: `[ \t\n\r\f\v]`. */
export function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

const NEWLINE = /[\n\r]/g;
const COMMENT_MARK = /\/\*|\*\//g;
const EXTENDED_MARK = /[\\']/g;
/**
 * After the closing quote of an `E''` string: a continuation (`'a'` newline `'b'` is one string),
 * which stays in the escape syntax. The bundled parser allows only white space between the parts,
 * with at least one line break (no comments).
 */
const CONTINUATION = /[ \t\f]*[\n\r][ \t\n\r\f\v]*'/y;

/** The index of the next line break at or after `from` (or `end`). */
export function lineEnd(text: string, from: number, end: number): number {
  NEWLINE.lastIndex = from;
  const m = NEWLINE.exec(text);
  return m === null || m.index >= end ? end : m.index;
}

/** After the block comment that starts at `from` (`/*`), nested ones included; -1 when unterminated before `end`. */
export function blockCommentEnd(text: string, from: number, end: number): number {
  let depth = 0;
  COMMENT_MARK.lastIndex = from;
  for (;;) {
    const m = COMMENT_MARK.exec(text);
    if (m === null || m.index + 2 > end) return -1;
    if (text.charCodeAt(m.index) === SLASH) depth++;
    else depth--;
    if (depth === 0) return m.index + 2;
  }
}

/**
 * After a string or quoted identifier whose body starts at `from`; `''` (or `""`) is an escaped
 * quote. -1 when it is not closed before the end of the text.
 */
export function quotedEnd(text: string, from: number, quote: string): number {
  let i = from;
  for (;;) {
    const close = text.indexOf(quote, i);
    if (close < 0) return -1;
    if (text[close + 1] !== quote) return close + 1;
    i = close + 2;
  }
}

/** After an `E''` string whose body starts at `from`: backslash escapes, `''`, continuation lines; -1 when not closed. */
export function extendedEnd(text: string, from: number): number {
  let i = from;
  for (;;) {
    EXTENDED_MARK.lastIndex = i;
    const m = EXTENDED_MARK.exec(text);
    if (m === null) return -1;
    if (text.charCodeAt(m.index) === BACKSLASH) {
      i = m.index + 2;
      continue;
    }
    if (text.charCodeAt(m.index + 1) === QUOTE) {
      i = m.index + 2;
      continue;
    }
    CONTINUATION.lastIndex = m.index + 1;
    if (CONTINUATION.test(text)) {
      i = CONTINUATION.lastIndex;
      continue;
    }
    return m.index + 1;
  }
}

/** After what starts with `$` at `from`: a parameter, a dollar-quoted string, or a lone `$`; -1 when a dollar quote is not closed. */
export function dollarEnd(text: string, from: number): number {
  let i = from + 1;
  const first = text.charCodeAt(i);
  if (isDigit(first)) {
    while (isDigit(text.charCodeAt(i))) i++;
    return i;
  }
  if (isIdentStart(first)) {
    i++;
    while (isTagCont(text.charCodeAt(i))) i++;
  }
  if (text.charCodeAt(i) !== DOLLAR) return from + 1;
  const delimiter = text.slice(from, i + 1);
  const close = text.indexOf(delimiter, i + 1);
  return close < 0 ? -1 : close + delimiter.length;
}

/** An unterminated string, identifier or dollar quote runs to the end of the text. */
function orEnd(end: number, n: number): number {
  return end < 0 ? n : end;
}

/** Proposed cuts found by scanning the text like PostgreSQL's lexer does (see the file comment). */
export function lexicalCuts(text: string): CutFinder {
  const n = text.length;
  let pos = 0; // always a point where the lexer is between tokens
  return {
    next(min: number): number {
      let i = pos;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === SEMICOLON) {
          i++;
          if (i >= min) {
            pos = i;
            return i;
          }
        } else if (c === QUOTE) {
          i = orEnd(quotedEnd(text, i + 1, "'"), n);
        } else if (c === DOUBLE_QUOTE) {
          i = orEnd(quotedEnd(text, i + 1, '"'), n);
        } else if (c === DASH && text.charCodeAt(i + 1) === DASH) {
          i = lineEnd(text, i + 2, n);
        } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
          const end = blockCommentEnd(text, i, n);
          i = end < 0 ? n : end;
        } else if (c === DOLLAR) {
          i = orEnd(dollarEnd(text, i), n);
        } else if (isIdentStart(c)) {
          const start = i++;
          while (i < n && isIdentCont(text.charCodeAt(i))) i++;
          // E'...' (or e'...'): a string with backslash escapes. B'', X'', N'' and U&'' quote like ''.
          if (i === start + 1 && (c === 0x45 || c === 0x65) && text.charCodeAt(i) === QUOTE) i = orEnd(extendedEnd(text, i + 1), n);
        } else if (isDigit(c)) {
          // a number, with its exponent, 0x/0o/0b prefix, `_` separators (or junk the parser refuses)
          i++;
          while (i < n && isTagCont(text.charCodeAt(i))) i++;
        } else {
          i++;
        }
      }
      pos = n;
      return n;
    },
  };
}

/**
 * Whether `text[from, end)` is only `;`, white space and complete comments, and ends with a `;` that
 * is a token of its own (not inside a comment). Used on what follows the last statement of a
 * parsed piece: the parser has seen no statement there, so this small language is all it can hold,
 * and it is recognised here exactly. True means the piece ends where a statement list may end.
 */
export function endsOnSeparator(text: string, from: number, end: number): boolean {
  let i = from;
  let semicolonLast = false;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === SEMICOLON) {
      semicolonLast = true;
      i++;
      continue;
    }
    semicolonLast = false;
    if (isSpace(c)) {
      i++;
    } else if (c === DASH && i + 1 < end && text.charCodeAt(i + 1) === DASH) {
      i = lineEnd(text, i + 2, end);
      if (i >= end) return false;
    } else if (c === SLASH && i + 1 < end && text.charCodeAt(i + 1) === STAR) {
      i = blockCommentEnd(text, i, end);
      if (i < 0) return false;
    } else {
      return false;
    }
  }
  return semicolonLast;
}
