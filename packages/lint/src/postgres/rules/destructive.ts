/**
 * What breaks the application that is running while the migration runs (old code still reads the
 * old names) or deletes more than meant: drops, renames, TRUNCATE ... CASCADE.
 */
import { ident, type Node, strings, tableOf, tableSql } from '../ast.js';
import type { PgStatement, RuleContext } from '../context.js';
import { inContract } from './phases.js';

export function destructiveRules(s: PgStatement, ctx: RuleContext): void {
  switch (s.kind) {
    case 'AlterTableStmt': {
      const table = tableOf(s.body.relation);
      if (!table || ctx.isNew(table)) return;
      for (const item of (s.body.cmds ?? []) as Node[]) {
        const cmd = item.AlterTableCmd as Node | undefined;
        // A contract migration is where a column the deployed application no longer reads is dropped.
        if (cmd?.subtype !== 'AT_DropColumn' || inContract(ctx)) continue;
        const column = ident(String(cmd.name));
        ctx.report('ban-drop-column', `DROP COLUMN ${column}: the application that is running now still reads it, and its queries fail`, {
          table,
          fix: `-- release code that no longer uses ${column} first; then drop it, saying so:\n-- godwit:ignore ban-drop-column -- ${column} unused since <release>\nALTER TABLE ${tableSql(table)} DROP COLUMN IF EXISTS ${column};`,
        });
      }
      return;
    }
    case 'DropStmt': {
      if (s.body.removeType !== 'OBJECT_TABLE' || inContract(ctx)) return;
      for (const object of (s.body.objects ?? []) as Node[]) {
        const parts = strings(object.List?.items);
        const table = parts.length > 1 ? { schema: parts[0]!, name: parts[1]! } : { name: parts[0] ?? '' };
        if (ctx.isNew(table)) continue;
        ctx.report('ban-drop-table', `DROP TABLE ${tableSql(table)}: its data is gone, and the application that is running now still uses it`, {
          fix: `-- release code that no longer uses it first; then drop it, saying so:\n-- godwit:ignore ban-drop-table -- unused since <release>\nDROP TABLE IF EXISTS ${tableSql(table)};`,
        });
      }
      return;
    }
    case 'RenameStmt': {
      const table = tableOf(s.body.relation);
      if (!table || ctx.isNew(table)) return;
      if (s.body.renameType === 'OBJECT_COLUMN') {
        const from = ident(String(s.body.subname));
        const to = ident(String(s.body.newname));
        ctx.report('renaming-column', `RENAME COLUMN ${from} TO ${to}: the application that is running now still uses ${from}, and its queries fail`, {
          table,
          fix: `ALTER TABLE ${tableSql(table)} ADD COLUMN ${to} <type>;\n-- write both from the application, backfill ${to} from ${from} in batches, move readers,\n-- then drop ${from} in a later release`,
        });
      } else if (s.body.renameType === 'OBJECT_TABLE') {
        const to = ident(String(s.body.newname));
        const renamed = table.schema ? `${ident(table.schema)}.${to}` : to;
        ctx.report('renaming-table', `RENAME TO ${to}: the application that is running now still uses ${tableSql(table)}, and its queries fail`, {
          table,
          fix: `ALTER TABLE ${tableSql(table)} RENAME TO ${to};\n-- the old name keeps working (a simple view is updatable) until the application moved:\nCREATE VIEW ${tableSql(table)} AS SELECT * FROM ${renamed};`,
        });
      }
      return;
    }
    case 'TruncateStmt': {
      if (s.body.behavior !== 'DROP_CASCADE') return;
      const tables = ((s.body.relations ?? []) as Node[]).map((r) => tableOf(r.RangeVar as Node)).filter((t) => t !== undefined);
      ctx.report('ban-truncate-cascade', 'TRUNCATE ... CASCADE also empties every table with a foreign key to these, and the tables referencing those, recursively', {
        fix: `TRUNCATE ${tables.map(tableSql).join(', ') || '<tables>'}; -- name every table you mean to empty`,
      });
      return;
    }
    default:
      return;
  }
}
