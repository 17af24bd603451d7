/**
 * Column types and names worth changing before they are in production: prefer-bigint-over-int,
 * prefer-identity, prefer-timestamptz, ban-char-field, identifier-too-long. They look at column
 * definitions in CREATE TABLE, ADD COLUMN and ALTER COLUMN TYPE, and at every name a statement
 * gives to a new object.
 */
import { byteLength, columnConstraints, ident, type Node, strings, tableOf, typeNameOf } from '../ast.js';
import type { PgStatement, RuleContext } from '../context.js';
import { MAX_IDENTIFIER_BYTES, untruncated } from '../long-names.js';

const INT_TYPES = new Map([
  ['int2', 'smallint'],
  ['int4', 'integer'],
  ['serial', 'serial'],
  ['serial4', 'serial'],
  ['smallserial', 'smallserial'],
  ['serial2', 'smallserial'],
]);
const SERIAL_TYPES = new Set(['serial', 'serial4', 'serial2', 'smallserial', 'bigserial', 'serial8']);

export function schemaHabitRules(s: PgStatement, ctx: RuleContext): void {
  for (const { column, name } of columnsOf(s)) checkColumn(column, name, ctx);
  // The parser has already cut long names to 63 bytes: a name of exactly 63 may have been longer.
  for (const given of namesGiven(s)) {
    if (byteLength(given) !== MAX_IDENTIFIER_BYTES) continue;
    for (const name of untruncated(s.sql, given)) {
      ctx.report('identifier-too-long', `the name ${ident(name)} is ${byteLength(name)} bytes: PostgreSQL silently cuts it to 63, so later statements that use the full name miss it`, {
        fix: `-- a name of at most 63 bytes (PostgreSQL would keep ${ident(given)})`,
      });
    }
  }
}

/** Column definitions of CREATE TABLE, ADD COLUMN, and the new type of ALTER COLUMN TYPE. */
function columnsOf(s: PgStatement): Array<{ column: Node; name: string }> {
  if (s.kind === 'CreateStmt') {
    return ((s.body.tableElts ?? []) as Node[]).filter((e) => e.ColumnDef).map((e) => ({ column: e.ColumnDef as Node, name: String(e.ColumnDef.colname) }));
  }
  if (s.kind === 'AlterTableStmt') {
    const out: Array<{ column: Node; name: string }> = [];
    for (const item of (s.body.cmds ?? []) as Node[]) {
      const cmd = item.AlterTableCmd as Node | undefined;
      const def = cmd?.def?.ColumnDef as Node | undefined;
      if (!def) continue;
      if (cmd!.subtype === 'AT_AddColumn') out.push({ column: def, name: String(def.colname) });
      if (cmd!.subtype === 'AT_AlterColumnType') out.push({ column: def, name: String(cmd!.name) });
    }
    return out;
  }
  return [];
}

function checkColumn(column: Node, name: string, ctx: RuleContext): void {
  const type = typeNameOf(column.typeName);
  const col = ident(name);
  if (SERIAL_TYPES.has(type)) {
    ctx.report('prefer-identity', `${col} ${type}: a serial's sequence is owned loosely by the column (separate permissions, surprises in copies and dumps)`, {
      fix: `${col} bigint GENERATED ALWAYS AS IDENTITY`,
    });
  }
  const small = INT_TYPES.get(type);
  const identity = columnConstraints(column).some((c) => c.contype === 'CONSTR_IDENTITY');
  if (small) {
    ctx.report('prefer-bigint-over-int', `${col} ${small}: it runs out (2^31 or 2^15), and widening it later rewrites the table under ACCESS EXCLUSIVE`, {
      fix: SERIAL_TYPES.has(type) || identity ? `${col} bigint GENERATED ALWAYS AS IDENTITY` : `${col} bigint`,
    });
  }
  if (type === 'timestamp') {
    ctx.report('prefer-timestamptz', `${col} timestamp without time zone: its values mean different instants depending on the session's time zone`, {
      fix: `${col} timestamptz`,
    });
  }
  if (type === 'bpchar') {
    ctx.report('ban-char-field', `${col} char(n): values are padded with spaces, compare surprisingly, and are no faster than text`, {
      fix: `${col} text -- with CHECK (char_length(${col}) <= n) if the limit matters`,
    });
  }
}

/** The names a statement gives to new objects: tables, columns, indexes, constraints, types, renames. */
function namesGiven(s: PgStatement): string[] {
  const b = s.body;
  switch (s.kind) {
    case 'CreateStmt': {
      const out = [tableOf(b.relation)?.name ?? ''];
      for (const e of (b.tableElts ?? []) as Node[]) {
        if (e.ColumnDef) out.push(String(e.ColumnDef.colname), ...constraintNames(columnConstraints(e.ColumnDef as Node)));
        if (e.Constraint?.conname) out.push(String(e.Constraint.conname));
      }
      return out;
    }
    case 'AlterTableStmt': {
      const out: string[] = [];
      for (const item of (b.cmds ?? []) as Node[]) {
        const cmd = item.AlterTableCmd as Node | undefined;
        if (cmd?.def?.ColumnDef && cmd.subtype === 'AT_AddColumn') {
          out.push(String(cmd.def.ColumnDef.colname), ...constraintNames(columnConstraints(cmd.def.ColumnDef as Node)));
        }
        if (cmd?.def?.Constraint?.conname) out.push(String(cmd.def.Constraint.conname));
      }
      return out;
    }
    case 'IndexStmt':
      return b.idxname ? [String(b.idxname)] : [];
    case 'RenameStmt':
      return b.newname ? [String(b.newname)] : [];
    case 'CreateEnumStmt':
    case 'CompositeTypeStmt':
      return strings(b.typeName).slice(-1);
    case 'ViewStmt':
    case 'CreateTableAsStmt':
      return [tableOf(b.view ?? b.into?.rel)?.name ?? ''];
    case 'CreateSeqStmt':
      return [tableOf(b.sequence)?.name ?? ''];
    default:
      return [];
  }
}

function constraintNames(constraints: Node[]): string[] {
  return constraints.filter((c) => c.conname).map((c) => String(c.conname));
}
