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
  for (const row of rows) {
    if (store.has(row.tbl_name)) continue;
    if (row.type === 'table') out.push(...tableObjects(db, row));
    else if (row.type === 'view') out.push({ type: 'view', name: row.name, definition: afterName(row.sql ?? '') });
    else if (row.type === 'trigger') out.push({ type: 'trigger', name: `${row.tbl_name}.${row.name}`, definition: afterName(row.sql ?? '') });
    // indexes are read per table (index_list), which also sees the automatic ones behind UNIQUE and PRIMARY KEY
  }
  return makeSnapshot('sqlite', out);
}

function tableObjects(db: Db, row: SchemaRow): SchemaObject[] {
  const table = row.name;
  const q = quote(table);
  const virtual = /^CREATE\s+VIRTUAL\s+TABLE/i.test(row.sql ?? '');
  const out: SchemaObject[] = [{ type: 'table', name: table, definition: virtual ? afterName(row.sql ?? '') : tableOptions(db, table) }];
  if (virtual) return out;
  for (const c of db.prepare(`PRAGMA table_xinfo(${q})`).all() as ColumnRow[]) {
    if (c.hidden === 1) continue;
    const parts = [c.type || '(no type)'];
    if (c.notnull) parts.push('NOT NULL');
    if (c.dflt_value !== null) parts.push(`DEFAULT ${c.dflt_value}`);
    if (c.pk > 0) parts.push(`PRIMARY KEY(${c.pk})`);
    if (c.hidden === 2) parts.push('GENERATED VIRTUAL');
    if (c.hidden === 3) parts.push('GENERATED STORED');
    out.push({ type: 'column', name: `${table}.${c.name}`, definition: parts.join(' ') });
  }
  for (const i of db.prepare(`PRAGMA index_list(${q})`).all() as IndexRow[]) {
    const sql = (db.prepare('SELECT sql FROM sqlite_schema WHERE type = ? AND name = ?').get('index', i.name) as { sql: string | null } | undefined)?.sql;
    const definition = sql
      ? sql.replace(/^CREATE\s+(UNIQUE\s+)?INDEX\s+(IF\s+NOT\s+EXISTS\s+)?("[^"]*"|`[^`]*`|\[[^\]]*\]|\S+)\s+/i, (_m, u: string | undefined) => (u ? 'UNIQUE ' : ''))
          // `on t(x)` and `ON t (x)` read alike: the keyword as PostgreSQL's definitions write it
          .replace(/^(UNIQUE )?on\s+/i, '$1ON ')
      : `${i.unique ? 'UNIQUE ' : ''}ON ${table} (${indexColumns(db, i.name)}) from ${i.origin === 'pk' ? 'PRIMARY KEY' : 'UNIQUE'}`;
    out.push({ type: 'index', name: `${table}.${i.name}`, definition });
  }
  const keys = new Map<number, ForeignKeyRow[]>();
  for (const k of db.prepare(`PRAGMA foreign_key_list(${q})`).all() as ForeignKeyRow[]) keys.set(k.id, [...(keys.get(k.id) ?? []), k]);
  for (const parts of keys.values()) {
    const first = parts[0]!;
    const to = parts.map((p) => p.to ?? '').join(', ');
    out.push({
      type: 'foreign key',
      name: `${table}(${parts.map((p) => p.from).join(', ')})`,
      definition: `REFERENCES ${first.table}${to.replace(/, /g, '') === '' ? '' : `(${to})`} ON UPDATE ${first.on_update} ON DELETE ${first.on_delete}${first.match === 'NONE' ? '' : ` MATCH ${first.match}`}`,
    });
  }
  return out;
}

/** `WITHOUT ROWID`, `STRICT` (table_list, SQLite 3.37+; older ones say nothing). */
function tableOptions(db: Db, table: string): string {
  try {
    const r = db.prepare(`PRAGMA table_list(${quote(table)})`).get() as { wr: number; strict: number } | undefined;
    return [r?.wr ? 'WITHOUT ROWID' : '', r?.strict ? 'STRICT' : ''].filter(Boolean).join(' ');
  } catch {
    return '';
  }
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
