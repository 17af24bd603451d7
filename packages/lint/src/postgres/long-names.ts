/**
 * The parser truncates identifiers longer than 63 bytes (as the server does, with only a NOTICE),
 * so a tree cannot tell `a...a` (64 bytes) from its 63-byte prefix. When a statement gives a new
 * object a name of exactly 63 bytes, this reads the statement's identifier tokens to find the name
 * as written. It is a lexer, not a parser: it skips comments, string literals and dollar quotes
 * the way PostgreSQL's scanner does, and returns the identifiers (unquoted ones folded to lower
 * case), which is all it is used for.
 */
import { byteLength } from './ast.js';

export const MAX_IDENTIFIER_BYTES = 63;

/** The identifiers of `sql` longer than 63 bytes whose first 63 bytes are `truncated`. */
export function untruncated(sql: string, truncated: string): string[] {
  const out: string[] = [];
  for (const name of identifiers(sql)) {
    if (byteLength(name) > MAX_IDENTIFIER_BYTES && Buffer.from(name).subarray(0, MAX_IDENTIFIER_BYTES).toString('utf8') === truncated) out.push(name);
  }
  return out;
}

function isWordStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\x7f';
}

function isWordPart(c: string): boolean {
  return isWordStart(c) || (c >= '0' && c <= '9') || c === '$';
}

export function identifiers(sql: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end;
    } else if (c === '/' && sql[i + 1] === '*') {
      let depth = 0;
      while (i < n) {
        if (sql.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (sql.startsWith('*/', i)) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
    } else if (c === "'") {
      i = closing(sql, i + 1, "'");
    } else if (c === '"') {
      const end = closing(sql, i + 1, '"');
      out.push(sql.slice(i + 1, end - 1).replace(/""/g, '"'));
      i = end;
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i, i + 64))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))![0];
      const end = sql.indexOf(tag, i + tag.length);
      i = end < 0 ? n : end + tag.length;
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordPart(sql[j]!)) j++;
      // E'...' and friends: the quote that follows starts a literal, not part of the word
      out.push(sql.slice(i, j).toLowerCase());
      i = j;
    } else i++;
  }
  return out;
}

/** After the quoted text whose body starts at `from` (a doubled quote is an escaped one). */
function closing(sql: string, from: number, quote: string): number {
  let i = from;
  for (;;) {
    const at = sql.indexOf(quote, i);
    if (at < 0) return sql.length;
    if (sql[at + 1] === quote) i = at + 2;
    else return at + 1;
  }
}
