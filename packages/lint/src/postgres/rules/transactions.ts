/**
 * Transactions and retries: transaction-nesting (the file's own BEGIN/COMMIT inside Godwit's
 * transaction), prefer-robust-stmts (a NO TRANSACTION migration that fails half way is run again:
 * what already happened must not fail the second time), and the enum rules, whose hazards are
 * about what a transaction may do with a value it added.
 */
import { ident, literal, type Node, strings, tableOf, tableSql, walk } from '../ast.js';
import type { PgStatement, RuleContext } from '../context.js';

/** PostgreSQL 12: ALTER TYPE ... ADD VALUE may run inside a transaction block. */
const ADD_VALUE_IN_TRANSACTION = 120000;

const OWN_TRANSACTION = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START', 'TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK']);

export function transactionRules(s: PgStatement, ctx: RuleContext): void {
  if (s.kind === 'TransactionStmt' && ctx.transactional && OWN_TRANSACTION.has(String(s.body.kind))) {
    const word = String(s.body.kind).replace('TRANS_STMT_', '');
    ctx.report('transaction-nesting', `${word}: Godwit already runs this migration in a transaction, so the file's own transaction control is redundant or, mid-file, splits it`, {
      fix: `-- remove ${word}; (Godwit commits the migration and its version row together)\n-- or manage transactions yourself with a first line: -- +goose NO TRANSACTION`,
    });
  }
  if (!ctx.transactional && !ctx.inTransaction) robustness(s, ctx);
  enumRules(s, ctx);
}

function robustness(s: PgStatement, ctx: RuleContext): void {
  const report = (what: string, fix: string) =>
    ctx.report('prefer-robust-stmts', `${what} fails when this NO TRANSACTION migration is run again after failing part way`, { fix });
  const b = s.body;
  switch (s.kind) {
    case 'CreateStmt':
      if (!b.if_not_exists) report('CREATE TABLE', `CREATE TABLE IF NOT EXISTS ${tableSql(tableOf(b.relation) ?? { name: '<table>' })} (...);`);
      return;
    case 'IndexStmt':
      if (!b.if_not_exists || !b.idxname) {
        report('CREATE INDEX', `CREATE ${b.unique ? 'UNIQUE ' : ''}INDEX ${b.concurrent ? 'CONCURRENTLY ' : ''}IF NOT EXISTS ${b.idxname ? ident(String(b.idxname)) : '<name>'} ON ... ; -- named, so a rerun finds it`);
      }
      return;
    case 'DropStmt':
      if (!b.missing_ok) report('DROP', `DROP ... IF EXISTS ...;`);
      return;
    case 'AlterEnumStmt':
      if (b.newVal !== undefined && b.oldVal === undefined && !b.skipIfNewValExists) {
        report('ADD VALUE', `ALTER TYPE ${strings(b.typeName).map(ident).join('.')} ADD VALUE IF NOT EXISTS ${literal(String(b.newVal))};`);
      }
      return;
    case 'AlterTableStmt': {
      const t = tableSql(tableOf(b.relation) ?? { name: '<table>' });
      for (const item of (b.cmds ?? []) as Node[]) {
        const cmd = item.AlterTableCmd as Node | undefined;
        if (!cmd) continue;
        if (cmd.subtype === 'AT_AddColumn' && !cmd.missing_ok) report('ADD COLUMN', `ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS ${ident(String(cmd.def?.ColumnDef?.colname))} ...;`);
        if (cmd.subtype === 'AT_DropColumn' && !cmd.missing_ok) report('DROP COLUMN', `ALTER TABLE ${t} DROP COLUMN IF EXISTS ${ident(String(cmd.name))};`);
        if (cmd.subtype === 'AT_DropConstraint' && !cmd.missing_ok) report('DROP CONSTRAINT', `ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${ident(String(cmd.name))};`);
        if (cmd.subtype === 'AT_AddConstraint') {
          const name = cmd.def?.Constraint?.conname;
          report('ADD CONSTRAINT', `ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${name ? ident(String(name)) : '<name>'};\nALTER TABLE ${t} ADD CONSTRAINT ${name ? ident(String(name)) : '<name>'} ...;`);
        }
      }
      return;
    }
    default:
      return;
  }
}

function enumRules(s: PgStatement, ctx: RuleContext): void {
  if (s.kind === 'AlterEnumStmt' && s.body.newVal !== undefined && s.body.oldVal === undefined) {
    const type = strings(s.body.typeName).map(ident).join('.');
    const value = String(s.body.newVal);
    if (!s.body.newValNeighbor) {
      ctx.report('require-enum-value-ordering', `ADD VALUE ${literal(value)} without BEFORE or AFTER puts it last: ORDER BY and comparisons on ${type} see it after every existing value`, {
        fix: `ALTER TYPE ${type} ADD VALUE IF NOT EXISTS ${literal(value)} AFTER '<existing value>'; -- or BEFORE; ignore this rule when last is meant`,
      });
    }
    if (!ctx.inTransaction) return;
    if (ctx.serverVersion !== undefined && ctx.serverVersion < ADD_VALUE_IN_TRANSACTION) {
      ctx.report('add-enum-value-in-transaction', `ALTER TYPE ... ADD VALUE cannot run inside a transaction before PostgreSQL 12: the migration fails`, {
        fix: `-- +goose NO TRANSACTION\nALTER TYPE ${type} ADD VALUE IF NOT EXISTS ${literal(value)};`,
      });
      return;
    }
    ctx.file.enumValues.set(value, type);
    return;
  }
  if (ctx.file.enumValues.size === 0 || !ctx.inTransaction) return;
  for (const node of walk(s.body)) {
    const sval = node.A_Const?.sval?.sval;
    if (typeof sval === 'string' && ctx.file.enumValues.has(sval)) {
      ctx.report('add-enum-value-in-transaction', `uses the enum value ${literal(sval)} added earlier in this transaction: PostgreSQL refuses it ("unsafe use of new value") until that transaction commits`, {
        fix: `-- move ALTER TYPE ${ctx.file.enumValues.get(sval)} ADD VALUE ${literal(sval)} into a migration of its own, before this one`,
      });
      return;
    }
  }
}
