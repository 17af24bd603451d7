/**
 * SQLite migrations: what SQLite cannot do in place. Statements are split by core's SQL splitter
 * (the one the SQLite driver runs) and read with the PostgreSQL parser, whose grammar covers the
 * ALTER TABLE and DROP TABLE forms these rules look at; a statement it cannot read (SQLite's own
 * syntax) has nothing these rules could find. PRAGMA is SQLite's alone: its name and value are read
 * from the statement's words.
 *
 * No new-table exemption: SQLite refuses these forms on an empty table too.
 */
import { type Migration, type SqlPart, type SqlStatement, splitSql } from '@godwit/core';
import { loadParser } from '@godwit/driver-postgres';
import { columnConstraints, ident, type Node, strings, tableOf, tableSql } from '../postgres/ast.js';
import type { HistoryState } from '../postgres/context.js';
import type { RawFinding } from '../postgres/lint-file.js';
import { isVolatile } from '../postgres/rules/volatility.js';

const ALTER_IN_PLACE = new Set(['AT_AddColumn', 'AT_DropColumn']);

export async function lintSqlitePart(migration: Migration, part: SqlPart, history: HistoryState, emit: (f: RawFinding) => void): Promise<void> {
  const parse = await loadParser();
  const statements = part.chunks.flatMap((chunk) => splitSql(chunk, part.file));
  let foreignKeysOff = false;
  const drops: Array<{ name: string; at: SqlStatement; foreignKeysOff: boolean }> = [];
  for (const s of statements) {
    const pragma = foreignKeysPragma(s.sql);
    if (pragma !== undefined) {
      foreignKeysOff = pragma === 'off';
      continue;
    }
    let node: Node | undefined;
    try {
      node = (parse(s.sql) as { stmts?: Array<{ stmt: Node }> }).stmts?.[0]?.stmt;
    } catch {
      continue; // SQLite syntax the PostgreSQL grammar does not know: none of these rules' forms
    }
    if (!node) continue;
    const at = { line: s.line, column: s.column };
    if (node.AlterTableStmt) alterTable(node.AlterTableStmt as Node, at, emit);
    if (node.CreateStmt) {
      const t = tableOf(node.CreateStmt.relation as Node);
      if (t) history.newTables.add(t.name);
    }
    if (node.DropStmt?.removeType === 'OBJECT_TABLE') {
      for (const o of (node.DropStmt.objects ?? []) as Node[]) drops.push({ name: strings(o.List?.items).at(-1) ?? '', at: s, foreignKeysOff });
    }
    const rename = node.RenameStmt as Node | undefined;
    if (rename?.renameType === 'OBJECT_TABLE') {
      const rebuilt = drops.find((d) => d.name === String(rename.newname));
      if (rebuilt && !(rebuilt.foreignKeysOff && !migration.transactional) && !history.newTables.has(rebuilt.name)) {
        emit({
          rule: 'sqlite-rebuild-without-foreign-keys-off',
          message: migration.transactional
            ? `rebuild of ${ident(rebuilt.name)} inside a transaction: PRAGMA foreign_keys cannot be turned off there, so DROP TABLE deletes (ON DELETE CASCADE) or breaks the rows that reference it`
            : `rebuild of ${ident(rebuilt.name)} without PRAGMA foreign_keys = OFF first: DROP TABLE deletes (ON DELETE CASCADE) or breaks the rows that reference it`,
          line: rebuilt.at.line,
          column: rebuilt.at.column,
          fix: [
            '-- +goose NO TRANSACTION',
            'PRAGMA foreign_keys = OFF;',
            'BEGIN;',
            `CREATE TABLE ${ident(`new_${rebuilt.name}`)} (...);`,
            `INSERT INTO ${ident(`new_${rebuilt.name}`)} SELECT ... FROM ${ident(rebuilt.name)};`,
            `DROP TABLE ${ident(rebuilt.name)};`,
            `ALTER TABLE ${ident(`new_${rebuilt.name}`)} RENAME TO ${ident(rebuilt.name)};`,
            'PRAGMA foreign_key_check;',
            'COMMIT;',
            'PRAGMA foreign_keys = ON;',
          ].join('\n'),
        });
      }
    }
  }
}

function alterTable(b: Node, at: { line: number; column: number }, emit: (f: RawFinding) => void): void {
  const table = tableOf(b.relation as Node);
  if (!table) return;
  const t = tableSql(table);
  for (const item of (b.cmds ?? []) as Node[]) {
    const cmd = item.AlterTableCmd as Node | undefined;
    if (!cmd) continue;
    if (!ALTER_IN_PLACE.has(String(cmd.subtype))) {
      emit({
        rule: 'sqlite-unsupported-alter',
        message: `${t}: SQLite's ALTER TABLE can only add, drop or rename a column (${String(cmd.subtype).replace('AT_', '')} is refused)`,
        ...at,
        fix: rebuildFix(t),
      });
      continue;
    }
    const column = cmd.def?.ColumnDef as Node | undefined;
    if (cmd.subtype !== 'AT_AddColumn' || !column) continue;
    const constraints = columnConstraints(column);
    const dflt = constraints.find((c) => c.contype === 'CONSTR_DEFAULT');
    const name = ident(String(column.colname));
    if (constraints.some((c) => c.contype === 'CONSTR_NOTNULL') && !dflt) {
      emit({
        rule: 'sqlite-adding-not-nullable-field',
        message: `${t}: ADD COLUMN ${name} NOT NULL without a default: SQLite refuses it ("Cannot add a NOT NULL column with default value NULL")`,
        ...at,
        fix: `ALTER TABLE ${t} ADD COLUMN ${name} <type> NOT NULL DEFAULT <constant>;`,
      });
    }
    const unique = constraints.some((c) => c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY');
    const nonConstant = dflt && (isVolatile(dflt.raw_expr as Node) || dflt.raw_expr?.SQLValueFunction);
    if (unique || nonConstant) {
      emit({
        rule: 'sqlite-unsupported-alter',
        message: `${t}: SQLite refuses ADD COLUMN ${name} with ${unique ? 'a UNIQUE or PRIMARY KEY constraint' : 'a non-constant default'}`,
        ...at,
        fix: unique ? `ALTER TABLE ${t} ADD COLUMN ${name} <type>;\nCREATE UNIQUE INDEX ${ident(`${table.name}_${column.colname}_key`)} ON ${t} (${name});` : rebuildFix(t),
      });
    }
  }
}

function rebuildFix(t: string): string {
  return `-- the table rebuild (https://www.sqlite.org/lang_altertable.html#otheralter):\n-- +goose NO TRANSACTION\nPRAGMA foreign_keys = OFF;\nBEGIN;\nCREATE TABLE new_t (...); INSERT INTO new_t SELECT ... FROM ${t}; DROP TABLE ${t}; ALTER TABLE new_t RENAME TO ${t};\nPRAGMA foreign_key_check;\nCOMMIT;\nPRAGMA foreign_keys = ON;`;
}

/**
 * `PRAGMA foreign_keys = OFF` (or `= 0`, `= false`, `(off)`) -> 'off'; `= ON` -> 'on'; any other
 * statement -> undefined. Read from the statement's words, since no parser here knows PRAGMA.
 */
export function foreignKeysPragma(sql: string): 'on' | 'off' | undefined {
  const words = sql
    .toLowerCase()
    .split(/[\s=();]+/)
    .filter(Boolean);
  if (words[0] !== 'pragma' || (words[1] !== 'foreign_keys' && words[1] !== 'main.foreign_keys')) return undefined;
  const value = words[2];
  if (value === undefined) return undefined;
  return ['off', '0', 'false', 'no'].includes(value.replace(/['"]/g, '')) ? 'off' : 'on';
}
