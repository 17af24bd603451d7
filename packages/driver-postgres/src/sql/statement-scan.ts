/**
 * Statements found by PostgreSQL's lexical rules alone, without its parser: where each one starts
 * and ends, its leading words, and which of a few watched words it holds. This is what the apply
 * path's fast lane (part/scanned-part.ts) decides from, so it must only ever be trusted where the
 * lexer's answer is the parser's too:
 * - a `;` outside strings, quoted identifiers, dollar quotes and comments ends a statement in
 *   PostgreSQL's grammar, except inside `BEGIN ATOMIC ... END` bodies and multi-action
 *   `CREATE RULE` (the only productions holding `;`), which the caller refuses to trust;
 * - the quoting rules are boundaries.ts's (the same helpers lexicalCuts uses);
 * - anything the scan cannot vouch for is reported rather than guessed: text that ends inside a
 *   string, quoted identifier, dollar quote or comment returns undefined, and lexically odd spots
 *   (see `doubtful`) mark the statement.
 */
import { SEMICOLON, QUOTE, DOUBLE_QUOTE, DOLLAR, DASH, SLASH, STAR } from './char-codes.js';
import {
  blockCommentEnd,
  dollarEnd,
  extendedEnd,
  isDigit,
  isIdentCont,
  isIdentStart,
  isSpace,
  isTagCont,
  lineEnd,
  quotedEnd,
} from './boundaries.js';

export interface ScannedStatement {
  /** where the statement's text starts: just after the previous `;` (leading trivia included, as the parser reports it) */
  from: number;
  /** the index of its `;`, or the text's length */
  to: number;
  /** its leading words up to the first token that is not one (at most LEAD_WORDS), upper-cased; a non-ASCII word is '' (never a keyword) */
  lead: string[];
  /** the watched words it holds anywhere (upper-cased, each once) */
  seen: string[];
  /**
   * The scan met something whose lexing it cannot vouch for: a number run into a quote or `$`
   * (`1'x'`, junk the parser's version decides about), or an `E''` string continued after a
   * comment (whether the continuation keeps the escapes depends on the version).
   */
  doubtful: boolean;
}

/** How many leading words are kept: enough for `CREATE OR REPLACE GLOBAL TEMPORARY TABLE`. */
export const LEAD_WORDS = 6;


/**
 * The statements of `text`, or undefined when the text ends inside a string, quoted identifier,
 * dollar quote or block comment (the parser then reports the error). Segments holding only white
 * space, comments and `;` are no statement, as for the parser.
 */
export function scanStatements(text: string, watch: ReadonlySet<string>): ScannedStatement[] | undefined {
  const n = text.length;
  const watchLengths = new Set([...watch].map((w) => w.length));
  const out: ScannedStatement[] = [];
  let current = fresh(0);
  let tokens = false;
  let leadOpen = true;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SEMICOLON) {
      if (tokens) out.push({ ...current, to: i });
      current = fresh(i + 1);
      tokens = false;
      leadOpen = true;
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === DASH && text.charCodeAt(i + 1) === DASH) {
      i = lineEnd(text, i + 2, n);
      continue;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      i = blockCommentEnd(text, i, n);
      if (i < 0) return undefined;
      continue;
    }
    tokens = true;
    if (isIdentStart(c)) {
      const start = i++;
      while (i < n && isIdentCont(text.charCodeAt(i))) i++;
      if (i === start + 1 && (c === 0x45 || c === 0x65) && text.charCodeAt(i) === QUOTE) {
        // E'...': backslash escapes (boundaries.ts follows its continuation lines)
        i = extendedEnd(text, i + 1);
        if (i < 0) return undefined;
        if (continuedAfterComment(text, i)) current.doubtful = true;
        leadOpen = false;
        continue;
      }
      const wanted = leadOpen && current.lead.length < LEAD_WORDS;
      const watched = watchLengths.has(i - start);
      if (wanted || watched) {
        const word = keyword(text, start, i);
        if (wanted) current.lead.push(word);
        if (watched && watch.has(word) && !current.seen.includes(word)) current.seen.push(word);
      }
      if (!wanted) leadOpen = false;
      continue;
    }
    leadOpen = false;
    if (c === QUOTE || c === DOUBLE_QUOTE) {
      i = quotedEnd(text, i + 1, c === QUOTE ? "'" : '"');
    } else if (c === DOLLAR) {
      i = dollarEnd(text, i);
    } else if (isDigit(c)) {
      i++;
      while (i < n && isTagCont(text.charCodeAt(i))) i++;
      const next = text.charCodeAt(i);
      if (next === QUOTE || next === DOUBLE_QUOTE || next === DOLLAR) current.doubtful = true;
    } else {
      i++;
    }
    if (i < 0) return undefined;
  }
  if (tokens) out.push({ ...current, to: n });
  return out;
}

function fresh(from: number): ScannedStatement {
  return { from, to: from, lead: [], seen: [], doubtful: false };
}

/** A word upper-cased the way PostgreSQL matches keywords (ASCII only); '' for a word with other characters, which is never a keyword. */
function keyword(text: string, start: number, end: number): string {
  for (let k = start; k < end; k++) if (text.charCodeAt(k) >= 0x80) return '';
  return text.slice(start, end).toUpperCase();
}

/**
 * Whether a quote follows the string that ended at `from` after white space and at least one
 * comment: PostgreSQL versions differ on whether that is a continuation of an `E''` string.
 */
function continuedAfterComment(text: string, from: number): boolean {
  let i = from;
  let comment = false;
  for (;;) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
    } else if (c === DASH && text.charCodeAt(i + 1) === DASH) {
      comment = true;
      i = lineEnd(text, i + 2, text.length);
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      comment = true;
      i = blockCommentEnd(text, i, text.length);
      if (i < 0) return false;
    } else {
      return comment && c === QUOTE;
    }
  }
}
