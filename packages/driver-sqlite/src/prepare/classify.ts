/**
 * What a SQLite statement means for the transaction around it. Statements arrive from core's
 * splitter, trimmed and starting at their first keyword (leading comments are not part of them).
 */

function firstWord(sql: string): string {
  return /^[A-Za-z]+/.exec(sql)?.[0]?.toUpperCase() ?? '';
}

/**
 * BEGIN, COMMIT, END and ROLLBACK (but not `ROLLBACK TO <savepoint>`, which works inside any
 * transaction): a file with one of these manages its own transaction, and nesting it in ours
 * would fail ("cannot start a transaction within a transaction") or commit ours early.
 */
export function controlsTransaction(sql: string): boolean {
  const word = firstWord(sql);
  if (word === 'BEGIN' || word === 'COMMIT' || word === 'END') return true;
  return word === 'ROLLBACK' && !/\bTO\b/i.test(sql);
}

/** The statement SQLite refuses inside a transaction, or undefined. */
export function refusedInTransaction(sql: string): string | undefined {
  return firstWord(sql) === 'VACUUM' ? 'VACUUM' : undefined;
}
