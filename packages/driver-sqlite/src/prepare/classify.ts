/**
 * What a SQLite statement means for the transaction around it. Statements arrive from core's
 * splitter, trimmed and starting at their first keyword (leading comments are not part of them).
 */
import type { TransactionControlKind } from '@godwit/core';

function firstWord(sql: string): string {
  return /^[A-Za-z]+/.exec(sql)?.[0]?.toUpperCase() ?? '';
}

/**
 * What a statement does to the transaction, in core's terms (see @godwit/core's
 * fileTransactions): BEGIN [DEFERRED | IMMEDIATE] is `begin` (Godwit's own BEGIN IMMEDIATE can
 * stand in for it), BEGIN EXCLUSIVE is `begin-as-written`, COMMIT / END is `commit`, ROLLBACK is
 * `rollback` (but not `ROLLBACK TO <savepoint>`, which works inside any transaction). A file with
 * one of these manages its own transaction: nesting it in ours would fail ("cannot start a
 * transaction within a transaction") or commit ours early.
 */
export function transactionControl(sql: string): TransactionControlKind | undefined {
  const word = firstWord(sql);
  if (word === 'BEGIN') return /^BEGIN\s+EXCLUSIVE\b/i.test(sql) ? 'begin-as-written' : 'begin';
  if (word === 'COMMIT' || word === 'END') return 'commit';
  if (word === 'ROLLBACK' && !/\bTO\b/i.test(sql)) return 'rollback';
  return undefined;
}

/** The statement SQLite refuses inside a transaction, or undefined. */
export function refusedInTransaction(sql: string): string | undefined {
  return firstWord(sql) === 'VACUUM' ? 'VACUUM' : undefined;
}
