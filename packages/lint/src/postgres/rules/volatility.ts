/**
 * Whether a column default is evaluated once (a constant, or a stable function such as now()) or
 * per row. Since PostgreSQL 11, ADD COLUMN with a non-volatile default stores the value in the
 * catalog and rewrites nothing; a volatile one (random(), gen_random_uuid(), clock_timestamp())
 * is computed for every existing row, which rewrites the table.
 */
import { type Node, strings } from '../ast.js';

/** Functions known not to be volatile (stable or immutable): safe as a default. */
const NOT_VOLATILE = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_date',
  'current_timestamp',
  'localtimestamp',
  'current_setting',
  'lower',
  'upper',
  'to_jsonb',
  'jsonb_build_object',
  'json_build_object',
  'jsonb_build_array',
  'array_fill',
  'make_interval',
  'to_timestamp',
  'coalesce',
]);

/** Whether the default expression is evaluated per row (any function not known to be stable counts). */
export function isVolatile(expr: Node | undefined): boolean {
  if (!expr) return false;
  const [kind] = Object.keys(expr);
  const body = expr[kind!] as Node;
  switch (kind) {
    case 'A_Const':
    case 'SQLValueFunction':
      return false;
    case 'TypeCast':
      return isVolatile(body.arg);
    case 'A_Expr':
      return isVolatile(body.lexpr) || isVolatile(body.rexpr);
    case 'BoolExpr':
    case 'A_ArrayExpr':
      return ((body.args ?? body.elements ?? []) as Node[]).some(isVolatile);
    case 'FuncCall': {
      const names = strings(body.funcname);
      const name = names[names.length - 1] ?? '';
      return !NOT_VOLATILE.has(name) || ((body.args ?? []) as Node[]).some(isVolatile);
    }
    default:
      return true;
  }
}

/** The function names in a default, for the message (`gen_random_uuid()`). */
export function functionsIn(expr: Node | undefined): string[] {
  if (!expr) return [];
  const out: string[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(visit);
    else if (n && typeof n === 'object') {
      const fc = (n as Node).FuncCall as Node | undefined;
      if (fc) out.push(`${strings(fc.funcname).join('.')}()`);
      for (const v of Object.values(n)) visit(v);
    }
  };
  visit(expr);
  return out;
}
