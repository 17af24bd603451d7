/**
 * Lints one PostgreSQL migration's up part: splits it with the driver's own splitter (the real
 * parser, goose's StatementBegin/End honoured, every statement at its file line and column), runs
 * every rule on each statement in order, and records what the statement created, so later
 * statements (and, in a batch, later files) know those tables are new.
 */
import type { Migration, SqlPart } from '@godwit/core';
import { atomicStatement, outsideTransactionOnly, type PostgresStatement, type StatementNode, splitPostgres } from '@godwit/driver-postgres';
import { type Node, strings, tableKey, tableOf } from './ast.js';
import type { Emit, FileState, HistoryState, PgRule, PgStatement, RuleContext } from './context.js';
import { alterTableRules } from './rules/alter-table.js';
import { destructiveRules } from './rules/destructive.js';
import { phaseRules } from './rules/phases.js';
import { indexRules } from './rules/indexes.js';
import { lockRules } from './rules/locks.js';
import { schemaHabitRules } from './rules/schema-habits.js';
import { transactionRules } from './rules/transactions.js';

const RULES: readonly PgRule[] = [indexRules, alterTableRules, destructiveRules, phaseRules, schemaHabitRules, transactionRules, lockRules];

export interface PgFileOptions {
  serverVersion?: number;
  runLockTimeout: boolean;
}

/** A finding as a rule raised it, before severity, suppression and table sizes are applied. */
export interface RawFinding extends Emit {
  rule: string;
  message: string;
  line: number;
  column: number;
}

/** The statements of a part, in file order: each parse tree with where its statement starts. */
export async function statementsOf(part: SqlPart): Promise<PgStatement[]> {
  const out: PgStatement[] = [];
  for (const chunk of part.chunks) {
    const options = { file: part.file, line: chunk.line };
    const split: PostgresStatement[] = chunk.atomic ? [await atomicStatement(chunk.text, options)].filter((s) => s !== undefined) : await splitPostgres(chunk.text, options);
    for (const statement of split) {
      for (const node of statement.nodes ?? []) out.push(toStatement(node, statement));
    }
  }
  return out;
}

function toStatement(node: StatementNode, at: PostgresStatement): PgStatement {
  const kind = Object.keys(node)[0] ?? 'unknown';
  return { kind, body: (node[kind] ?? {}) as Node, sql: at.sql, line: at.line, column: at.column };
}

export async function lintPostgresPart(
  migration: Migration,
  part: SqlPart,
  history: HistoryState,
  options: PgFileOptions,
  emit: (finding: RawFinding) => void,
): Promise<void> {
  const statements = await statementsOf(part);
  // A golang-migrate pair file made only of statements that cannot run in a transaction runs
  // outside one on its own (see the driver's prepare); otherwise NO TRANSACTION decides.
  const autoOutside = migration.format === 'pair' && statements.length > 0 && statements.every((s) => outsideTransactionOnly({ [s.kind]: s.body } as StatementNode) !== undefined);
  const transactional = migration.transactional && !part.noTransaction && !autoOutside;
  const file: FileState = { lockTimeout: false, lockTimeoutReported: false, notValid: new Set(), enumValues: new Map(), ownTransaction: false };
  for (const s of statements) {
    const ctx: RuleContext = {
      migration,
      transactional,
      inTransaction: transactional || file.ownTransaction,
      ...(options.serverVersion !== undefined && { serverVersion: options.serverVersion }),
      runLockTimeout: options.runLockTimeout,
      file,
      isNew: (t) => t !== undefined && (history.newTables.has(tableKey(t)) || history.newTables.has(t.name)),
      isNewIndex: (name) => history.newIndexes.has(name),
      report: (rule, message, extra = {}) => emit({ rule, message, line: s.line, column: s.column, ...extra }),
    };
    for (const rule of RULES) rule(s, ctx);
    remember(s, history, file);
  }
}

/** What the statement created (new from here on) and the file's own transaction state. */
function remember(s: PgStatement, history: HistoryState, file: FileState): void {
  const b = s.body;
  switch (s.kind) {
    case 'CreateStmt':
    case 'CreateTableAsStmt': {
      const t = tableOf((b.relation ?? b.into?.rel) as Node);
      if (t) history.newTables.add(tableKey(t));
      return;
    }
    case 'IndexStmt':
      if (b.idxname) history.newIndexes.add(String(b.idxname));
      return;
    case 'RenameStmt': {
      const t = tableOf(b.relation as Node);
      if (b.renameType === 'OBJECT_TABLE' && t && history.newTables.has(tableKey(t))) history.newTables.add(tableKey({ ...t, name: String(b.newname) }));
      return;
    }
    case 'DropStmt':
      if (b.removeType === 'OBJECT_TABLE') for (const o of (b.objects ?? []) as Node[]) history.newTables.delete(strings(o.List?.items).join('.'));
      return;
    case 'TransactionStmt': {
      const kind = String(b.kind);
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') file.ownTransaction = true;
      if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK') file.ownTransaction = false;
      return;
    }
    default:
      return;
  }
}
