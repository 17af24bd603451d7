/**
 * How many rows a batched backfill has left, before its first batch: an exact count(*) of its
 * predicate on a table small enough to count quickly, else the planner's estimate (EXPLAIN), so
 * the estimate never costs a full scan of a 100-million-row table before the work starts.
 */
import type { PgBatchSql } from './rewrite.js';

/** Above this many rows (pg_class.reltuples) the count is the planner's estimate. */
export const EXACT_COUNT_MAX_ROWS = 1_000_000;

export type Query = (sql: string) => Promise<Array<Record<string, unknown>>>;

export async function estimateRemaining(batch: PgBatchSql, query: Query): Promise<number | undefined> {
  if (batch.table && batch.explainSql) {
    const [row] = await query(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass(${literal(batch.table)})`);
    const tuples = Number(row?.n ?? -1);
    if (tuples > EXACT_COUNT_MAX_ROWS) {
      const [plan] = await query(batch.explainSql);
      const rows = (Object.values(plan ?? {})[0] as Array<{ Plan?: { 'Plan Rows'?: number } }> | undefined)?.[0]?.Plan?.['Plan Rows'];
      return typeof rows === 'number' ? Math.round(rows) : undefined;
    }
  }
  if (!batch.countSql) return undefined;
  const [row] = await query(batch.countSql);
  return row?.n === undefined ? undefined : Number(row.n);
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
