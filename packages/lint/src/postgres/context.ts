/**
 * What a PostgreSQL rule sees: the statement (its tree and where it starts), the migration it is
 * in, and what the linter knows from the statements before it: tables and indexes created earlier
 * (history-awareness), whether a lock_timeout is set, whether a transaction is open.
 */
import type { Migration } from '@godwit/core';
import type { TableRef } from './ast.js';
import type { Node } from './ast.js';

export interface PgStatement {
  kind: string;
  body: Node;
  /** the statement's text (a StatementBegin/End block's whole text) */
  sql: string;
  line: number;
  column: number;
}

/** What lasts across the files of one lint run (a batch, or a single file; see LintOptions.batch). */
export interface HistoryState {
  /** tables created earlier (tableKey), so new: no lock on them matters */
  newTables: Set<string>;
  /** indexes created earlier */
  newIndexes: Set<string>;
}

/** What lasts from one statement to the next within a file. */
export interface FileState {
  /** a lock_timeout has been set by the file (SET / SET LOCAL lock_timeout to a non-zero value) */
  lockTimeout: boolean;
  /** require-lock-timeout is reported once per file */
  lockTimeoutReported: boolean;
  /** constraints added NOT VALID earlier in this file (their VALIDATE belongs in a later migration) */
  notValid: Set<string>;
  /** enum values added earlier in this file (using them in the same transaction fails) */
  enumValues: Map<string, string>;
  /** the file's own BEGIN is open */
  ownTransaction: boolean;
}

export interface Emit {
  /** the safe alternative, as SQL */
  fix?: string;
  /** the existing table the finding is about (its size goes into the message with --database) */
  table?: TableRef;
}

export interface RuleContext {
  migration: Migration;
  /** Godwit runs the migration in its own transaction */
  transactional: boolean;
  /** the statement runs inside a transaction: Godwit's or the file's own BEGIN */
  inTransaction: boolean;
  /** server_version_num when known (a database, or lint.postgresVersion) */
  serverVersion?: number;
  /** the run sets lock_timeout itself (--lock-timeout) */
  runLockTimeout: boolean;
  file: FileState;
  /** whether the table was created earlier in this file or batch */
  isNew(table: TableRef | undefined): boolean;
  /** whether the index was created earlier in this file or batch */
  isNewIndex(name: string): boolean;
  report(rule: string, message: string, emit?: Emit): void;
}

export type PgRule = (statement: PgStatement, ctx: RuleContext) => void;
