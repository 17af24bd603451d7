/**
 * SQLite's tokens, as far as a batch rewrite needs them: words (keywords and bare names), quoted
 * names and strings kept whole, comments skipped, and the parenthesis depth of each token, so
 * that a WHERE inside a subquery, a string or a comment is never taken for the statement's own.
 */
export interface Token {
  /** the word in upper case for bare words; the text as written otherwise */
  kind: 'word' | 'quoted' | 'string' | 'punct' | 'other';
  text: string;
  upper: string;
  start: number;
  end: number;
  /** parentheses open around it */
  depth: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_CHAR = /[\w$\u0080-\uffff]/;

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let depth = 0;
  let i = 0;
  const push = (kind: Token['kind'], start: number, end: number) => {
    const text = sql.slice(start, end);
    out.push({ kind, text, upper: text.toUpperCase(), start, end, depth });
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      const end = closingQuote(sql, i, c);
      push(c === "'" ? 'string' : 'quoted', i, end);
      i = end;
    } else if (c === '[') {
      const close = sql.indexOf(']', i);
      const end = close < 0 ? sql.length : close + 1;
      push('quoted', i, end);
      i = end;
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < sql.length && WORD_CHAR.test(sql[j]!)) j++;
      push('word', i, j);
      i = j;
    } else if (c === '(') {
      push('punct', i, i + 1);
      depth++;
      i++;
    } else if (c === ')') {
      depth = Math.max(0, depth - 1);
      push('punct', i, i + 1);
      i++;
    } else {
      push(c === '.' || c === ',' || c === ';' ? 'punct' : 'other', i, i + 1);
      i++;
    }
  }
  return out;
}

/** The index after a quoted run starting at `i` (a doubled quote stays inside). */
function closingQuote(sql: string, i: number, q: string): number {
  let j = i + 1;
  for (;;) {
    const k = sql.indexOf(q, j);
    if (k < 0) return sql.length;
    if (sql[k + 1] === q) {
      j = k + 2;
      continue;
    }
    return k + 1;
  }
}
