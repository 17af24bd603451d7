/**
 * `inspect()` on SQLite: `sqlite_schema` for what exists, the pragmas for what each table is made
 * of (`table_xinfo` columns, `index_list`/`index_info` indexes, `foreign_key_list`). Columns come
 * from the pragmas rather than the table's CREATE text, which ALTER TABLE edits textually: a
 * column added and dropped again leaves the same columns but not always the same text.
 */
import { makeSnapshot, type SchemaObject, type SchemaSnapshot, snapshotsTableName } from '@godwit/core';
import type { Db, SqliteConnection } from '../connection/connection.js';
import type { TableNames } from '../store/table-names.js';

interface SchemaRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}
interface ColumnRow {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}
interface IndexRow {
  name: string;
  unique: number;
  origin: string;
  partial: number;
}
interface ForeignKeyRow {
  id: number;
  table: string;
  from: string;
  to: string | null;
  on_update: string;
  on_delete: string;
  match: string;
}

export function inspectSqlite(connection: SqliteConnection, names: TableNames): SchemaSnapshot {
  const db = connection.openIfExists();
  if (!db) return makeSnapshot('sqlite', []);
  const store = new Set([names.raw.versions, names.raw.history, names.raw.lock, snapshotsTableName(names.raw.versions)]);
  const rows = db
    .prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .all() as SchemaRow[];
  const out: SchemaObject[] = [];
  const tables: string[] = [];
  const indexSql = new Map<string, string | null>();
  for (const row of rows) {
    if (row.type === 'index') indexSql.set(row.name, row.sql);
    if (store.has(row.tbl_name)) continue;
    if (row.type === 'table') {
      if (VIRTUAL.test(row.sql ?? '')) out.push({ type: 'table', name: row.name, definition: afterName(row.sql ?? '') });
      else tables.push(row.name);
    } else if (row.type === 'view') out.push({ type: 'view', name: row.name, definition: afterName(row.sql ?? '') });
    else if (row.type === 'trigger') out.push({ type: 'trigger', name: `${row.tbl_name}.${row.name}`, definition: afterName(row.sql ?? '') });
    // indexes are read per table (index_list), which also sees the automatic ones behind UNIQUE and PRIMARY KEY
  }
  if (tables.length > 0) out.push(...tableObjects(db, tables, indexSql));
  return makeSnapshot('sqlite', out);
}

const VIRTUAL = /^CREATE\s+VIRTUAL\s+TABLE/i;

/**
 * The ordinary tables' parts, each kind read for all tables in one query (the pragmas as table-valued
 * functions over a JSON list of the names): a database of 500 tables is 4 queries, not 2,000.
 */
function tableObjects(db: Db, tables: string[], indexSql: Map<string, string | null>): SchemaObject[] {
  const list = JSON.stringify(tables);
  const perTable = <T>(pragma: string, order: string) =>
    db.prepare(`SELECT j.value AS tbl, p.* FROM json_each(?) j JOIN ${pragma}(j.value) p ORDER BY j.key, ${order}`).all(list) as Array<T & { tbl: string }>;
  const options = tableOptions(db);
  const out: SchemaObject[] = tables.map((table) => ({ type: 'table', name: table, definition: options.get(table) ?? '' }));
  for (const c of perTable<ColumnRow>('pragma_table_xinfo', 'p.cid')) {
    if (c.hidden === 1) continue;
    const parts = [c.type || '(no type)'];
    if (c.notnull) parts.push('NOT NULL');
    if (c.dflt_value !== null) parts.push(`DEFAULT ${c.dflt_value}`);
    if (c.pk > 0) parts.push(`PRIMARY KEY(${c.pk})`);
    if (c.hidden === 2) parts.push('GENERATED VIRTUAL');
    if (c.hidden === 3) parts.push('GENERATED STORED');
    out.push({ type: 'column', name: `${c.tbl}.${c.name}`, definition: parts.join(' ') });
  }
  for (const i of perTable<IndexRow>('pragma_index_list', 'p.seq')) {
    const sql = indexSql.get(i.name);
    const definition = sql
      ? sql.replace(/^CREATE\s+(UNIQUE\s+)?INDEX\s+(IF\s+NOT\s+EXISTS\s+)?("[^"]*"|`[^`]*`|\[[^\]]*\]|\S+)\s+/i, (_m, u: string | undefined) => (u ? 'UNIQUE ' : ''))
          // `on t(x)` and `ON t (x)` read alike: the keyword as PostgreSQL's definitions write it
          .replace(/^(UNIQUE )?on\s+/i, '$1ON ')
      : `${i.unique ? 'UNIQUE ' : ''}ON ${i.tbl} (${indexColumns(db, i.name)}) from ${i.origin === 'pk' ? 'PRIMARY KEY' : 'UNIQUE'}`;
    out.push({ type: 'index', name: `${i.tbl}.${i.name}`, definition });
  }
  const keys = new Map<string, ForeignKeyRow[]>();
  for (const k of perTable<ForeignKeyRow>('pragma_foreign_key_list', 'p.id, p.seq')) {
    const key = JSON.stringify([k.tbl, k.id]);
    keys.set(key, [...(keys.get(key) ?? []), k]);
  }
  for (const parts of keys.values()) {
    const first = parts[0]! as ForeignKeyRow & { tbl: string };
    const to = parts.map((p) => p.to ?? '').join(', ');
    out.push({
      type: 'foreign key',
      name: `${first.tbl}(${parts.map((p) => p.from).join(', ')})`,
      definition: `REFERENCES ${first.table}${to.replace(/, /g, '') === '' ? '' : `(${to})`} ON UPDATE ${first.on_update} ON DELETE ${first.on_delete}${first.match === 'NONE' ? '' : ` MATCH ${first.match}`}`,
    });
  }
  return out;
}

/** `WITHOUT ROWID`, `STRICT` of every table of the main schema (table_list, SQLite 3.37+; older ones say nothing). */
function tableOptions(db: Db): Map<string, string> {
  const out = new Map<string, string>();
  try {
    const rows = db.prepare("SELECT name, wr, strict FROM pragma_table_list WHERE schema = 'main'").all() as Array<{ name: string; wr: number; strict: number }>;
    for (const r of rows) out.set(r.name, [r.wr ? 'WITHOUT ROWID' : '', r.strict ? 'STRICT' : ''].filter(Boolean).join(' '));
  } catch {
    // no table_list: no options to tell
  }
  return out;
}

function indexColumns(db: Db, index: string): string {
  return (db.prepare(`PRAGMA index_info(${quote(index)})`).all() as Array<{ name: string | null }>).map((c) => c.name ?? '(expression)').join(', ');
}

/** `CREATE VIEW v AS SELECT ...` -> `AS SELECT ...`: the name is already the object's name. */
function afterName(sql: string): string {
  return sql.replace(/^CREATE\s+(TEMP\w*\s+)?(VIEW|TRIGGER|VIRTUAL\s+TABLE)\s+(IF\s+NOT\s+EXISTS\s+)?("[^"]*"|`[^`]*`|\[[^\]]*\]|\S+)\s*/i, '');
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
