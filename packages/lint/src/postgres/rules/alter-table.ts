/**
 * ALTER TABLE on an existing table: the commands that rewrite or scan it under a strong lock, and
 * those that fail on a table with rows. A table created earlier in the file or batch is exempt.
 */
import { columnConstraints, ident, type Node, type TableRef, tableOf, tableSql, typeNameOf, typeSql } from '../ast.js';
import type { PgStatement, RuleContext } from '../context.js';
import { functionsIn, isVolatile } from './volatility.js';

/** PostgreSQL 11: ADD COLUMN with a constant default stopped rewriting the table. */
const FAST_DEFAULT = 110000;
/** PostgreSQL 12: SET NOT NULL uses a validated CHECK (col IS NOT NULL) instead of scanning. */
const NOT_NULL_FROM_CHECK = 120000;

export function alterTableRules(s: PgStatement, ctx: RuleContext): void {
  if (s.kind !== 'AlterTableStmt' || s.body.objtype !== 'OBJECT_TABLE') return;
  const table = tableOf(s.body.relation);
  if (!table || ctx.isNew(table)) return;
  for (const item of (s.body.cmds ?? []) as Node[]) {
    const cmd = item.AlterTableCmd as Node | undefined;
    if (cmd) alterCommand(cmd, table, ctx);
  }
}

function alterCommand(cmd: Node, table: TableRef, ctx: RuleContext): void {
  const t = tableSql(table);
  switch (cmd.subtype) {
    case 'AT_AddColumn':
      addColumn(cmd.def?.ColumnDef as Node, table, ctx);
      return;
    case 'AT_AlterColumnType': {
      const column = ident(String(cmd.name));
      ctx.report('changing-column-type', `ALTER COLUMN ${column} TYPE rewrites the table and its indexes, holding ACCESS EXCLUSIVE (no reads, no writes) for its whole duration`, {
        table,
        fix: [
          `ALTER TABLE ${t} ADD COLUMN ${ident(`${cmd.name}_new`)} ${typeSql(cmd.def?.ColumnDef?.typeName)};`,
          '-- write both columns from the application, backfill in batches:',
          `UPDATE ${t} SET ${ident(`${cmd.name}_new`)} = ${column} WHERE <a batch of keys>;`,
          `-- then, in a later migration, move readers and drop ${column}`,
        ].join('\n'),
      });
      return;
    }
    case 'AT_SetNotNull': {
      const column = ident(String(cmd.name));
      const check = ident(`${table.name}_${cmd.name}_not_null`);
      const before12 = ctx.serverVersion !== undefined && ctx.serverVersion < NOT_NULL_FROM_CHECK;
      ctx.report('setting-not-null', `SET NOT NULL on ${column} scans the whole table holding ACCESS EXCLUSIVE (no reads, no writes)`, {
        table,
        fix: before12
          ? `-- before PostgreSQL 12 SET NOT NULL always scans: keep the validated CHECK instead\nALTER TABLE ${t} ADD CONSTRAINT ${check} CHECK (${column} IS NOT NULL) NOT VALID;\n-- next migration:\nALTER TABLE ${t} VALIDATE CONSTRAINT ${check};`
          : [
              `ALTER TABLE ${t} ADD CONSTRAINT ${check} CHECK (${column} IS NOT NULL) NOT VALID;`,
              '-- next migration (VALIDATE takes a lock that lets reads and writes go on):',
              `ALTER TABLE ${t} VALIDATE CONSTRAINT ${check};`,
              `ALTER TABLE ${t} ALTER COLUMN ${column} SET NOT NULL; -- uses the CHECK, no scan`,
              `ALTER TABLE ${t} DROP CONSTRAINT ${check};`,
            ].join('\n'),
      });
      return;
    }
    case 'AT_AddConstraint':
      addConstraint(cmd.def?.Constraint as Node, table, ctx);
      return;
    case 'AT_ValidateConstraint': {
      if (ctx.inTransaction && ctx.file.notValid.has(String(cmd.name))) {
        ctx.report(
          'constraint-missing-not-valid',
          `VALIDATE CONSTRAINT ${ident(String(cmd.name))} in the same transaction that added it NOT VALID keeps the ADD's lock while it scans the table: nothing was gained`,
          { table, fix: `-- move it to a later migration:\nALTER TABLE ${t} VALIDATE CONSTRAINT ${ident(String(cmd.name))};` },
        );
      }
      return;
    }
    default:
      return;
  }
}

function addColumn(column: Node | undefined, table: TableRef, ctx: RuleContext): void {
  if (!column) return;
  const t = tableSql(table);
  const name = ident(String(column.colname));
  const type = typeSql(column.typeName);
  const constraints = columnConstraints(column);
  const has = (type: string) => constraints.find((c) => c.contype === type);
  const dflt = has('CONSTR_DEFAULT');
  const generated = has('CONSTR_GENERATED');
  const identity = has('CONSTR_IDENTITY');
  const serial = /^(small|big)?serial[248]?$/.test(typeNameOf(column.typeName));

  if (has('CONSTR_NOTNULL') && !dflt && !generated && !identity && !serial) {
    ctx.report('adding-not-nullable-field', `ADD COLUMN ${name} NOT NULL without a default fails as soon as the table has a row`, {
      table,
      fix: `ALTER TABLE ${t} ADD COLUMN ${name} ${type} NOT NULL DEFAULT <constant>; -- no rewrite since PostgreSQL 11`,
    });
  }
  const volatile = dflt && isVolatile(dflt.raw_expr as Node);
  const oldServer = dflt && ctx.serverVersion !== undefined && ctx.serverVersion < FAST_DEFAULT;
  if (volatile || oldServer || generated || identity || serial) {
    const why = generated
      ? 'a stored generated column is computed for every row'
      : identity || serial
        ? 'an identity or serial column is filled for every row'
        : oldServer
          ? 'before PostgreSQL 11 any default is written into every row'
          : `the volatile default ${functionsIn(dflt!.raw_expr as Node).join(', ') || '(an expression)'} is computed for every row`;
    ctx.report('adding-field-with-default', `ADD COLUMN ${name}: ${why}, which rewrites the table holding ACCESS EXCLUSIVE (no reads, no writes) for its whole duration`, {
      table,
      fix: [
        `ALTER TABLE ${t} ADD COLUMN ${name} ${serial ? 'bigint' : type};`,
        `ALTER TABLE ${t} ALTER COLUMN ${name} SET DEFAULT <expression>; -- new rows only`,
        `-- backfill the existing rows in batches:`,
        `UPDATE ${t} SET ${name} = <expression> WHERE ${name} IS NULL AND <a batch of keys>;`,
      ].join('\n'),
    });
  }
  const fk = has('CONSTR_FOREIGN');
  if (fk) {
    const ref = tableOf(fk.pktable as Node);
    const fkName = ident(`${table.name}_${column.colname}_fkey`);
    ctx.report(
      'adding-foreign-key-constraint',
      `ADD COLUMN ${name} REFERENCES ${ref ? tableSql(ref) : '...'} locks both tables (SHARE ROW EXCLUSIVE: no writes) and has no NOT VALID form`,
      {
        table,
        fix: [
          `ALTER TABLE ${t} ADD COLUMN ${name} ${type};`,
          `ALTER TABLE ${t} ADD CONSTRAINT ${fkName} FOREIGN KEY (${name}) REFERENCES ${ref ? tableSql(ref) : '<table>'} NOT VALID;`,
          '-- next migration:',
          `ALTER TABLE ${t} VALIDATE CONSTRAINT ${fkName};`,
        ].join('\n'),
      },
    );
  }
  if (has('CONSTR_UNIQUE') || has('CONSTR_PRIMARY')) {
    ctx.report('disallowed-unique-constraint', `ADD COLUMN ${name} UNIQUE builds its index holding ACCESS EXCLUSIVE (no reads, no writes)`, {
      table,
      fix: uniqueFix(t, ident(`${table.name}_${column.colname}_key`), name, `ALTER TABLE ${t} ADD COLUMN ${name} ${type};`),
    });
  }
}

function addConstraint(c: Node | undefined, table: TableRef, ctx: RuleContext): void {
  if (!c) return;
  const t = tableSql(table);
  const name = c.conname ? ident(String(c.conname)) : ident(`${table.name}_${c.contype === 'CONSTR_CHECK' ? 'check' : 'fkey'}`);
  if ((c.contype === 'CONSTR_FOREIGN' || c.contype === 'CONSTR_CHECK') && c.skip_validation) {
    if (c.conname) ctx.file.notValid.add(String(c.conname));
    return;
  }
  if (c.contype === 'CONSTR_FOREIGN' || c.contype === 'CONSTR_CHECK') {
    const what = c.contype === 'CONSTR_FOREIGN' ? 'FOREIGN KEY' : 'CHECK';
    const lock =
      c.contype === 'CONSTR_FOREIGN'
        ? 'scans the table while both it and the referenced table are locked against writes (SHARE ROW EXCLUSIVE)'
        : 'scans the whole table holding ACCESS EXCLUSIVE (no reads, no writes)';
    ctx.report('constraint-missing-not-valid', `ADD CONSTRAINT ${name} ${what} without NOT VALID ${lock}`, {
      table,
      fix: `ALTER TABLE ${t} ADD CONSTRAINT ${name} ${what} (...) NOT VALID;\n-- next migration (lets reads and writes go on while it scans):\nALTER TABLE ${t} VALIDATE CONSTRAINT ${name};`,
    });
    return;
  }
  if ((c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY') && !c.indexname) {
    const kind = c.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : 'PRIMARY KEY';
    const keyName = c.conname ? ident(String(c.conname)) : ident(`${table.name}_key`);
    ctx.report('disallowed-unique-constraint', `ADD CONSTRAINT ... ${kind} builds its index holding ACCESS EXCLUSIVE (no reads, no writes)`, {
      table,
      fix: uniqueFix(t, keyName, '...', undefined, kind),
    });
  }
}

function uniqueFix(t: string, name: string, columns: string, first?: string, kind = 'UNIQUE'): string {
  return [
    ...(first ? [first] : []),
    '-- +goose NO TRANSACTION (a migration of its own)',
    `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON ${t} (${columns});`,
    '-- next migration:',
    `ALTER TABLE ${t} ADD CONSTRAINT ${name} ${kind} USING INDEX ${name};`,
  ].join('\n');
}
