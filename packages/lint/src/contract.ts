/**
 * What the linter produces and what it is told. A finding is a value, like every expected outcome
 * in Godwit: the CLI turns the list into text, JSON, GitHub annotations or SARIF and an exit code.
 */
import type { Migration } from '@godwit/core';

export type Severity = 'error' | 'warning';
export type Dialect = 'postgres' | 'sqlite' | 'mongodb';

export interface Finding {
  /** the migration file, as the source names it */
  file: string;
  /** 1-based; where the statement (or command) starts */
  line: number;
  column: number;
  /** kebab-case rule id (squawk's where squawk has the rule) */
  rule: string;
  severity: Severity;
  /** one line: what lock it takes or what it breaks */
  message: string;
  /** the safe alternative, as concrete SQL where there is one */
  fix?: string;
}

export interface LintReport {
  findings: Finding[];
  /** how many migration files were linted */
  files: number;
}

/** Size of a table as the server estimates it (`pg_class.reltuples`, `pg_total_relation_size`). */
export interface TableSize {
  rows: number;
  bytes: number;
}

/** What a live database tells the linter (`godwit lint --database`). */
export interface DatabaseFacts {
  /** server_version_num, e.g. 160002 */
  serverVersion?: number;
  /** the table's size, by `schema.name` or bare name (the search path's first match); undefined when unknown */
  table(name: string, schema?: string): TableSize | undefined;
}

/** The config file's `lint` section, as the linter uses it. */
export interface LintSettings {
  /** rule id -> `off`, or the severity it reports with */
  rules?: Record<string, 'off' | Severity>;
  /** below this many rows (estimated), a lock rule reports a warning instead of an error; default 10,000 */
  smallTableRows?: number;
  /** the server version to assume without a database, e.g. 11 or 110000; default: a current one */
  postgresVersion?: number;
}

export interface LintOptions extends LintSettings {
  dialect: Dialect;
  /**
   * The files form one batch that is applied together (pending ones, or those a branch adds): a
   * table created in an earlier one is new for the later ones. Otherwise only a table created
   * earlier in the same file is new.
   */
  batch?: boolean;
  /** the `lock_timeout` (ms) Godwit's run sets on each migration's session (`--lock-timeout`); 0 or none: none */
  runLockTimeoutMs?: number;
  facts?: DatabaseFacts;
  /**
   * The base branch (`--since`): its highest migration version, and which of the linted
   * migrations the branch adds. An added one numbered below that version is `non-linear`.
   */
  base?: { ref: string; highestVersion: number; added(migration: Migration): boolean };
}
