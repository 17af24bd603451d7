/**
 * The store's table name as given by `--table`: `name`, `schema.name`, with either part in double
 * quotes when it needs them (`"Ops"."Migrations"`). Unquoted parts fold to lower case, as
 * PostgreSQL folds them, so `Ops.Godwit` and `ops.godwit` are the same store (and the same lock).
 */
import { GodwitError } from '@godwit/core';

export interface TableName {
  /** undefined: the first schema of the connection's search_path */
  schema?: string;
  table: string;
}

const PART = /"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/y;

export function parseTableName(text: string): TableName {
  const parts: string[] = [];
  let i = 0;
  const given = text.trim();
  while (i <= given.length) {
    PART.lastIndex = i;
    const m = PART.exec(given);
    if (!m) throw invalid(text);
    parts.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!.toLowerCase());
    i = PART.lastIndex;
    if (i === given.length) break;
    if (given[i] !== '.') throw invalid(text);
    i++;
  }
  if (parts.length === 1) return { table: parts[0]! };
  if (parts.length === 2) return { schema: parts[0]!, table: parts[1]! };
  throw invalid(text);
}

function invalid(text: string): GodwitError {
  return new GodwitError('USAGE', `invalid table name "${text}"`, {
    hint: 'use name or schema.name, e.g. --table ops.godwit_migrations (double-quote parts with other characters)',
  });
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."name"` or `"name"`. */
export function qualified(schema: string | undefined, name: string): string {
  return schema === undefined ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
}
