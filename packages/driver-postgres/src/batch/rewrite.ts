/**
 * A batched backfill's statement, rewritten with the real parser so that one run of it touches
 * at most `size` rows (issue 17):
 * - `UPDATE t SET ... WHERE p` / `DELETE FROM t WHERE p` becomes
 *   `... WHERE (t.tableoid, t.ctid) IN (SELECT t.tableoid, t.ctid FROM t WHERE (p) LIMIT n FOR UPDATE SKIP LOCKED)`:
 *   the rows are locked by the subquery, so no row of the batch moves before the outer statement
 *   touches it, rows other sessions hold are skipped rather than waited for, and tableoid keeps
 *   ctids of different partitions apart;
 * - `INSERT INTO t ... SELECT ...` gets `LIMIT n` on its SELECT.
 * The predicate must exclude the rows already done (that is what makes the batches end, and a
 * resume safe); Godwit cannot check that, the docs say so.
 *
 * There is no deparser in libpg-query, so the text is cut where the parser proves the cut is
 * right: a candidate `WHERE` (found lexically) is accepted only when the text before it parses to
 * the same statement without its WHERE and the text after it to the same predicate. A comment or a
 * string holding the word never passes that test.
 */
import { GodwitError } from '@godwit/core';
import type { Parse, StatementNode } from '../sql/split.js';

export interface PgBatchSql {
  /** one batch: touches at most `size` rows */
  batchSql: string;
  /** rows left: an exact count */
  countSql?: string;
  /** rows left, the planner's estimate (EXPLAIN (FORMAT JSON)): used when the table is large */
  explainSql?: string;
  /** the table's regclass text, for its reltuples (large or not) */
  table?: string;
}

export interface Where {
  file: string;
  line: number;
  version: number;
}

const HINT = 'write the backfill as `UPDATE t SET ... WHERE <rows not yet done>` (or DELETE ... WHERE, or INSERT ... SELECT ... WHERE NOT EXISTS ...), or remove the BATCH line';

export function rewriteBatch(parse: Parse, sql: string, size: number, where: Where): PgBatchSql {
  const refuse = (why: string) =>
    new GodwitError('PARSE_ERROR', `\`-- +godwit BATCH\`: ${why}`, { file: where.file, line: where.line, version: where.version, hint: HINT });
  const node = only(parse, sql);
  if (!node) throw refuse('the batched statement must be exactly one statement');
  const [kind, body] = Object.entries(node)[0]!;
  if (kind === 'InsertStmt') return insertBatch(parse, sql, body, size, refuse);
  if (kind !== 'UpdateStmt' && kind !== 'DeleteStmt') throw refuse(`cannot batch ${kind.replace(/Stmt$/, '').toUpperCase()}: only UPDATE, DELETE and INSERT ... SELECT`);
  if (body.withClause) throw refuse('a WITH clause cannot be batched');
  if ((body.fromClause as unknown[] | undefined)?.length) throw refuse('UPDATE ... FROM cannot be batched');
  if ((body.usingClause as unknown[] | undefined)?.length) throw refuse('DELETE ... USING cannot be batched');
  if ((body.returningList as unknown[] | undefined)?.length) throw refuse('RETURNING cannot be batched');
  const predicate = body.whereClause as StatementNode | undefined;
  if (!predicate) throw refuse('the statement needs a WHERE that excludes the rows already done (without one every batch would start over)');
  if ('CurrentOfExpr' in predicate) throw refuse('WHERE CURRENT OF cannot be batched');

  const cut = whereCut(parse, sql, kind, body);
  if (!cut) throw refuse('could not find the WHERE of the statement (a comment inside the statement may hide it)');
  const rel = body.relation as RangeVar;
  const from = relationText(rel);
  const q = quoteIdent(rel.alias?.aliasname ?? rel.relname);
  const pred = `(${cut.predicate}\n)`;
  const batchSql = `${cut.head} WHERE (${q}.tableoid, ${q}.ctid) IN (SELECT ${q}.tableoid, ${q}.ctid FROM ${from} WHERE ${pred} LIMIT ${size} FOR UPDATE SKIP LOCKED)`;
  if (!only(parse, batchSql)) throw refuse('the rewritten statement did not parse (please report this)');
  return {
    batchSql,
    countSql: `SELECT count(*) AS n FROM ${from} WHERE ${pred}`,
    explainSql: `EXPLAIN (FORMAT JSON) SELECT 1 FROM ${from} WHERE ${pred}`,
    table: regclassText(rel),
  };
}

function insertBatch(parse: Parse, sql: string, body: Record<string, unknown>, size: number, refuse: (why: string) => GodwitError): PgBatchSql {
  const select = (body.selectStmt as StatementNode | undefined)?.SelectStmt;
  if (!select || select.valuesLists) throw refuse('only INSERT ... SELECT can be batched (INSERT ... VALUES runs once)');
  if (body.withClause) throw refuse('a WITH clause cannot be batched');
  if (body.onConflictClause) throw refuse('INSERT ... ON CONFLICT cannot be batched: exclude the existing rows in the SELECT\'s WHERE instead');
  if ((body.returningList as unknown[] | undefined)?.length) throw refuse('RETURNING cannot be batched');
  if (select.limitCount || select.limitOffset) throw refuse('the SELECT has a LIMIT or OFFSET already');
  const batchSql = `${sql}\nLIMIT ${size}`;
  const batched = only(parse, batchSql)?.InsertStmt?.selectStmt as StatementNode | undefined;
  if (!batched?.SelectStmt?.limitCount || !same({ ...batched.SelectStmt, limitCount: undefined, limitOption: undefined }, { ...select, limitOption: undefined })) {
    throw refuse('could not add a LIMIT to the SELECT');
  }
  const selectText = selectCut(parse, sql, select);
  return { batchSql, ...(selectText && { countSql: `SELECT count(*) AS n FROM (${selectText}\n) AS godwit_batch` }) };
}

/** The statement before its top-level WHERE, and the predicate after it; undefined when no candidate is proven. */
function whereCut(parse: Parse, sql: string, kind: string, body: Record<string, unknown>): { head: string; predicate: string } | undefined {
  const without = { ...body, whereClause: undefined };
  for (const k of candidates(sql, 'where')) {
    const head = sql.slice(0, k).trimEnd();
    const predicate = sql.slice(k + 'where'.length).trim();
    const headTree = only(parse, head)?.[kind];
    if (!headTree || !same(headTree, without)) continue;
    const predTree = only(parse, `SELECT 1 WHERE (${predicate}\n)`)?.SelectStmt?.whereClause;
    if (predTree && same(predTree, body.whereClause)) return { head, predicate };
  }
  return undefined;
}

/** The SELECT of an INSERT ... SELECT as written (for counting), when a candidate is proven. */
function selectCut(parse: Parse, sql: string, select: Record<string, unknown>): string | undefined {
  for (const k of candidates(sql, 'select')) {
    const text = sql.slice(k);
    const tree = only(parse, text)?.SelectStmt;
    if (tree && same(tree, select)) return text;
  }
  return undefined;
}

/** Where `word` stands as a word in `sql` (case-insensitive): places to try, proven by the parser. */
function candidates(sql: string, word: string): number[] {
  const out: number[] = [];
  const lower = sql.toLowerCase();
  const isWordChar = (c: string | undefined) => c !== undefined && /[a-z0-9_$]/i.test(c);
  for (let k = lower.indexOf(word); k >= 0; k = lower.indexOf(word, k + 1)) {
    if (!isWordChar(lower[k - 1]) && !isWordChar(lower[k + word.length])) out.push(k);
  }
  return out;
}

/** The one statement `sql` parses to, or undefined (several, none, or a syntax error). */
function only(parse: Parse, sql: string): Record<string, Record<string, unknown>> | undefined {
  try {
    const stmts = (parse(sql) as { stmts?: Array<{ stmt: StatementNode }> }).stmts ?? [];
    return stmts.length === 1 ? (stmts[0]!.stmt as Record<string, Record<string, unknown>>) : undefined;
  } catch {
    return undefined;
  }
}

/** Trees equal but for positions (which depend on where the text was cut). */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, dropLocation) === JSON.stringify(b, dropLocation);
}

function dropLocation(key: string, value: unknown): unknown {
  return key === 'location' || key === 'stmt_location' || key === 'stmt_len' ? undefined : value;
}

interface RangeVar {
  schemaname?: string;
  relname: string;
  inh?: boolean;
  alias?: { aliasname: string };
}

function relationText(rel: RangeVar): string {
  // the parser leaves `inh` out when it is false (ONLY)
  return `${rel.inh ? '' : 'ONLY '}${regclassText(rel)}${rel.alias ? ` AS ${quoteIdent(rel.alias.aliasname)}` : ''}`;
}

function regclassText(rel: RangeVar): string {
  return [rel.schemaname, rel.relname].filter((p): p is string => p !== undefined).map(quoteIdent).join('.');
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
