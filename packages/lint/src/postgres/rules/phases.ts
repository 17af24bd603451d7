/**
 * Expand / contract (`-- +godwit PHASE expand|contract`): an expand migration runs while the old
 * application is still serving, so anything that breaks the old application's queries belongs in
 * the contract migration that runs after the deploy. The contract phase is also where dropping is
 * meant to happen, so destructive.ts does not report drops there (see `inContract`).
 */
import { ident, type Node, tableOf } from '../ast.js';
import type { PgStatement, RuleContext } from '../context.js';

export function inContract(ctx: RuleContext): boolean {
  return ctx.migration.phase === 'contract';
}

export function phaseRules(s: PgStatement, ctx: RuleContext): void {
  if (ctx.migration.phase !== 'expand') return;
  const what = destructiveChange(s, ctx);
  if (!what) return;
  ctx.report('destructive-in-expand', `${what} in an expand migration: the application deployed before it still relies on what it changes`, {
    fix: `-- move it to a later migration marked\n-- +godwit PHASE contract\n-- and run it with \`godwit up --phase contract\` after the deploy`,
  });
}

/** DROP COLUMN, RENAME (column or table), SET NOT NULL on a table that existed before: the words, or undefined. */
function destructiveChange(s: PgStatement, ctx: RuleContext): string | undefined {
  if (s.kind === 'RenameStmt') {
    const table = tableOf(s.body.relation);
    if (!table || ctx.isNew(table)) return undefined;
    if (s.body.renameType === 'OBJECT_COLUMN') return `RENAME COLUMN ${ident(String(s.body.subname))}`;
    if (s.body.renameType === 'OBJECT_TABLE') return 'RENAME TO';
    return undefined;
  }
  if (s.kind !== 'AlterTableStmt') return undefined;
  const table = tableOf(s.body.relation);
  if (!table || ctx.isNew(table)) return undefined;
  for (const item of (s.body.cmds ?? []) as Node[]) {
    const cmd = item.AlterTableCmd as Node | undefined;
    if (cmd?.subtype === 'AT_DropColumn') return `DROP COLUMN ${ident(String(cmd.name))}`;
    if (cmd?.subtype === 'AT_SetNotNull') return `SET NOT NULL on ${ident(String(cmd.name))}`;
  }
  return undefined;
}
