/**
 * ban-vacuum-full-and-cluster, and require-lock-timeout: a statement that needs a strong lock on
 * a busy table waits in the lock queue behind every running query, and every query that arrives
 * after it waits behind it. A lock_timeout makes it give up (and the migration fail cleanly)
 * instead of stalling the application. Godwit's run sets one from --lock-timeout; the file may
 * set its own.
 */
import { type Node, strings, type TableRef, tableOf } from '../ast.js';
import type { PgStatement, RuleContext } from '../context.js';

export function lockRules(s: PgStatement, ctx: RuleContext): void {
  if (s.kind === 'VacuumStmt' && ((s.body.options ?? []) as Node[]).some((o) => o.DefElem?.defname === 'full')) {
    const table = tableOf((s.body.rels as Node[] | undefined)?.[0]?.VacuumRelation?.relation as Node);
    ctx.report('ban-vacuum-full-and-cluster', 'VACUUM FULL rewrites the table holding ACCESS EXCLUSIVE (no reads, no writes) for its whole duration', {
      ...(table && { table }),
      fix: '-- plain VACUUM (no exclusive lock), or pg_repack outside migrations',
    });
  }
  if (s.kind === 'ClusterStmt') {
    const table = tableOf(s.body.relation as Node);
    ctx.report('ban-vacuum-full-and-cluster', 'CLUSTER rewrites the table holding ACCESS EXCLUSIVE (no reads, no writes) for its whole duration', {
      ...(table && { table }),
      fix: '-- pg_repack --order-by, outside migrations',
    });
  }
  if (s.kind === 'VariableSetStmt' && s.body.name === 'lock_timeout') {
    ctx.file.lockTimeout = s.body.kind === 'VAR_SET_VALUE' && !isZero((s.body.args as Node[] | undefined)?.[0]);
    return;
  }
  if (ctx.runLockTimeout || ctx.file.lockTimeout || ctx.file.lockTimeoutReported) return;
  const table = lockedTable(s);
  if (!table || ctx.isNew(table)) return;
  ctx.file.lockTimeoutReported = true;
  ctx.report('require-lock-timeout', 'no lock_timeout: while this statement waits for its lock behind a long query, every query on the table queues behind it', {
    table,
    fix: "SET lock_timeout = '5s'; -- first in the file; or run godwit with --lock-timeout 5s",
  });
}

/** The existing table a statement locks strongly (ACCESS EXCLUSIVE or SHARE), if any. */
function lockedTable(s: PgStatement): TableRef | undefined {
  switch (s.kind) {
    case 'AlterTableStmt':
    case 'RenameStmt':
    case 'ClusterStmt':
    case 'CreateTrigStmt':
      return tableOf(s.body.relation as Node);
    case 'IndexStmt':
      return s.body.concurrent ? undefined : tableOf(s.body.relation as Node);
    case 'TruncateStmt':
      return tableOf((s.body.relations as Node[] | undefined)?.[0]?.RangeVar as Node);
    case 'DropStmt': {
      // DROP INDEX locks the index's table, which the statement does not name (and
      // require-concurrent-index-deletion already reports it)
      if (s.body.removeType !== 'OBJECT_TABLE') return undefined;
      const parts = strings((s.body.objects as Node[] | undefined)?.[0]?.List?.items);
      return parts.length > 1 ? { schema: parts[0]!, name: parts[1]! } : parts[0] ? { name: parts[0] } : undefined;
    }
    default:
      return undefined;
  }
}

/** `0`, `'0'`, `'0s'`, `'0ms'`: lock_timeout off. */
function isZero(arg: Node | undefined): boolean {
  const c = arg?.A_Const as Node | undefined;
  if (!c) return false;
  if (c.ival !== undefined) return !c.ival.ival;
  const text = String(c.sval?.sval ?? '').trim();
  return Number.parseFloat(text) === 0;
}
