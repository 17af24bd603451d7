/**
 * A batched backfill's statement on SQLite, rewritten so one run touches at most `size` rows:
 * - `UPDATE t SET ... WHERE p` / `DELETE FROM t WHERE p` becomes
 *   `... WHERE rowid IN (SELECT rowid FROM t WHERE (p) LIMIT n)`;
 * - `INSERT INTO t ... SELECT ...` gets `LIMIT n` after its SELECT.
 * SQLite offers no parse tree, so the statement is read as tokens (tokens.ts) and only the shapes
 * below are accepted; anything else is refused at its file line rather than guessed at. The table
 * must have a rowid (not WITHOUT ROWID). The predicate must exclude the rows already done.
 */
import { GodwitError } from '@godwit/core';
import { type Token, tokenize } from './tokens.js';

export interface SqliteBatchSql {
  batchSql: string;
  countSql: string;
}

export interface Where {
  file: string;
  line: number;
  version: number;
}

const HINT = 'write the backfill as `UPDATE t SET ... WHERE <rows not yet done>` (or DELETE FROM t WHERE ..., or INSERT INTO t ... SELECT ... WHERE NOT EXISTS ...), or remove the BATCH line';

export function rewriteBatch(sql: string, size: number, where: Where): SqliteBatchSql {
  const refuse = (why: string) =>
    new GodwitError('PARSE_ERROR', `\`-- +godwit BATCH\`: ${why}`, { file: where.file, line: where.line, version: where.version, hint: HINT });
  const tokens = tokenize(sql).filter((t, i, all) => !(t.upper === ';' && i === all.length - 1));
  const top = (word: string, from = 0) => tokens.findIndex((t, i) => i >= from && t.depth === 0 && t.kind === 'word' && t.upper === word);
  if (tokens.some((t) => t.depth === 0 && t.text === ';')) throw refuse('the batched statement must be exactly one statement');
  const first = tokens[0]?.upper;
  if (first === 'WITH') throw refuse('a WITH clause cannot be batched');
  if (first === 'INSERT' || first === 'REPLACE') return insertBatch(sql, tokens, top, size, refuse);
  if (first !== 'UPDATE' && first !== 'DELETE') throw refuse(`cannot batch ${first ?? 'an empty statement'}: only UPDATE, DELETE and INSERT ... SELECT`);
  for (const clause of ['RETURNING', 'ORDER', 'LIMIT']) {
    if (top(clause) >= 0) throw refuse(`${clause === 'ORDER' ? 'ORDER BY' : clause} cannot be batched`);
  }
  const whereAt = top('WHERE');
  if (whereAt < 0) throw refuse('the statement needs a WHERE that excludes the rows already done (without one every batch would start over)');
  // The table as written: after UPDATE [OR x] up to SET, or after DELETE FROM up to WHERE.
  let tableFrom: number;
  let tableTo: number;
  if (first === 'UPDATE') {
    tableFrom = tokens[1]?.upper === 'OR' ? 3 : 1;
    tableTo = top('SET');
    if (tableTo < 0) throw refuse('could not find the SET of the UPDATE');
    const fromAt = top('FROM', tableTo);
    if (fromAt >= 0 && fromAt < whereAt) throw refuse('UPDATE ... FROM cannot be batched');
  } else {
    if (tokens[1]?.upper !== 'FROM') throw refuse('could not read DELETE FROM <table>');
    tableFrom = 2;
    tableTo = whereAt;
  }
  if (tableTo <= tableFrom) throw refuse('could not find the table');
  const table = sql.slice(tokens[tableFrom]!.start, tokens[tableTo - 1]!.end);
  if (/^\s*$/.test(table) || tokens.slice(tableFrom, tableTo).some((t) => t.kind === 'string' || t.upper === '(' || t.upper === ',')) {
    throw refuse(`could not read the table \`${table}\``);
  }
  const head = sql.slice(0, tokens[whereAt]!.start).trimEnd();
  const predicate = sql.slice(tokens[whereAt]!.end, tokens.at(-1)!.end).trim();
  const pred = `(${predicate}\n)`;
  return {
    batchSql: `${head} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${pred} LIMIT ${size})`,
    countSql: `SELECT count(*) AS n FROM ${table} WHERE ${pred}`,
  };
}

function insertBatch(sql: string, tokens: Token[], top: (word: string, from?: number) => number, size: number, refuse: (why: string) => GodwitError): SqliteBatchSql {
  const selectAt = top('SELECT');
  if (selectAt < 0 || top('VALUES') >= 0 || top('DEFAULT') >= 0) throw refuse('only INSERT ... SELECT can be batched (INSERT ... VALUES runs once)');
  for (const clause of ['LIMIT', 'RETURNING', 'ON', 'WINDOW']) {
    if (top(clause, selectAt) >= 0) throw refuse(`INSERT ... SELECT with ${clause === 'ON' ? 'ON CONFLICT' : clause} cannot be batched`);
  }
  const end = tokens.at(-1)!.end;
  const select = sql.slice(tokens[selectAt]!.start, end);
  return {
    batchSql: `${sql.slice(0, end)}\nLIMIT ${size}`,
    countSql: `SELECT count(*) AS n FROM (${select}\n)`,
  };
}
