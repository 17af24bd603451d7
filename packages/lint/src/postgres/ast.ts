/**
 * Small readers over libpg-query's parse trees (PostgreSQL 17 JSON): names of tables, columns and
 * types, and the SQL spelling of identifiers for fixes. The trees are plain JSON; these helpers
 * keep the rules free of `as` casts.
 */

// biome-ignore lint/suspicious/noExplicitAny: libpg-query's JSON trees are untyped by design
export type Node = Record<string, any>;

/** A table as a statement names it. */
export interface TableRef {
  schema?: string;
  name: string;
}

/** The node's single key's body: `{ IndexStmt: {...} }` -> the `{...}`. */
export function bodyOf(node: Node | undefined, kind: string): Node | undefined {
  return node?.[kind] as Node | undefined;
}

export function tableOf(rangeVar: Node | undefined): TableRef | undefined {
  if (!rangeVar?.relname) return undefined;
  return { name: String(rangeVar.relname), ...(rangeVar.schemaname && { schema: String(rangeVar.schemaname) }) };
}

/** `schema.name` or `name`, quoted where SQL needs it. */
export function tableSql(t: TableRef): string {
  return t.schema ? `${ident(t.schema)}.${ident(t.name)}` : ident(t.name);
}

/** The key a table is remembered by (schema-qualified when the statement qualifies it). */
export function tableKey(t: TableRef): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

/** The `sval`s of a list of String nodes: `[{String:{sval:'a'}}, ...]` -> ['a', ...]. */
export function strings(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((n) => (n as Node)?.String?.sval).filter((s): s is string => typeof s === 'string');
}

/** A type's name without pg_catalog: `int4`, `serial`, `timestamp`, `bpchar`, `my_enum`. */
export function typeNameOf(typeName: Node | undefined): string {
  const names = strings(typeName?.names);
  return names[names.length - 1] ?? '';
}

const SQL_TYPE_NAMES: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
};

/** A type as a fix would write it: `integer`, `bigint`, `text`, `my_enum` (modifiers left out). */
export function typeSql(typeName: Node | undefined): string {
  const name = typeNameOf(typeName);
  return SQL_TYPE_NAMES[name] ?? ident(name || '<type>');
}

/** The constraints of a column definition, by contype. */
export function columnConstraints(column: Node | undefined): Node[] {
  const list = column?.constraints;
  return Array.isArray(list) ? list.map((c: Node) => c.Constraint as Node).filter(Boolean) : [];
}

const PLAIN = /^[a-z_][a-z0-9_$]*$/;

/** An identifier as SQL must write it (double-quoted unless it is plain lower case). */
export function ident(name: string): string {
  return PLAIN.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A string literal. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Every node under `node` (depth first), for rules that look for a use anywhere in a tree. */
export function* walk(node: unknown): Generator<Node> {
  if (Array.isArray(node)) {
    for (const n of node) yield* walk(n);
  } else if (node !== null && typeof node === 'object') {
    yield node as Node;
    for (const v of Object.values(node)) if (v !== null && typeof v === 'object') yield* walk(v);
  }
}

/** Byte length, which PostgreSQL's 63-byte identifier limit (NAMEDATALEN - 1) counts. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
