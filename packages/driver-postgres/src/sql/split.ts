/**
 * Statement splitting with the real PostgreSQL parser (libpg-query, WASM). The parser knows
 * dollar quotes, `E''` strings, nested comments and quoted identifiers, so no annotation is needed
 * for DO blocks or function bodies. Its statement locations are UTF-8 byte offsets; they are turned
 * into string indices and then into the file's line and column here.
 */
import { GodwitError } from '@godwit/core';
import { byteOffsetsToIndices, charOffsetToIndex, type LineColumn, leadingTriviaLength, positionAt } from './text-position.js';

/** One parse tree node, e.g. `{ IndexStmt: {...} }`: a single key naming the statement kind. */
export type StatementNode = Record<string, Record<string, unknown>>;

export interface PostgresStatement {
  /** the statement as it will be sent: leading comments and white space removed, no `;` */
  sql: string;
  /** where `sql` starts in the file (1-based, column in characters) */
  line: number;
  column: number;
  /**
   * The parse trees of what `sql` holds: one node for a split statement, any number for an atomic
   * (StatementBegin/End) block; undefined when an atomic block did not parse (it is sent as written).
   */
  nodes?: StatementNode[];
}

export interface SplitOptions {
  /** file name for errors */
  file?: string;
  /** where the text starts in the file (default 1:1) */
  line?: number;
  column?: number;
}

type Parse = (sql: string) => unknown;
let loaded: Promise<Parse> | undefined;

/**
 * Load the parser's WASM module once; every split awaits it. Imported on first use, so commands
 * that split nothing (status, version, history) do not pay for compiling it.
 */
export function loadParser(): Promise<Parse> {
  loaded ??= import('libpg-query').then(async (m) => {
    await m.loadModule();
    return m.parseSync as Parse;
  });
  return loaded;
}

interface RawStatement {
  stmt: StatementNode;
  stmt_location?: number;
  stmt_len?: number;
}

interface ParseFailure {
  message: string;
  sqlDetails?: { cursorPosition?: number };
}

/** Split free SQL text into statements. Throws PARSE_ERROR at the file position of a syntax error. */
export async function splitPostgres(text: string, options: SplitOptions = {}): Promise<PostgresStatement[]> {
  const parseSync = await loadParser();
  const start: LineColumn = { line: options.line ?? 1, column: options.column ?? 1 };
  if (text.trim() === '') return [];
  let raw: RawStatement[];
  try {
    raw = (parseSync(text) as { stmts?: RawStatement[] }).stmts ?? [];
  } catch (e) {
    throw syntaxError(e as ParseFailure, text, start, options.file);
  }
  // Locations are omitted when 0, lengths when the statement runs to the end of the text.
  const bounds = raw.flatMap((s) => {
    const from = s.stmt_location ?? 0;
    return [from, s.stmt_len ? from + s.stmt_len : Number.MAX_SAFE_INTEGER];
  });
  const indices = byteOffsetsToIndices(text, bounds);
  return raw.map((s, n) => {
    const from = indices[2 * n]!;
    const to = indices[2 * n + 1]!;
    return statementAt(text, from, to, start, [s.stmt]);
  });
}

/**
 * A StatementBegin/End block: sent as one piece, exactly as written. It is still parsed so that
 * statements that cannot run in a transaction are found; when it does not parse (newer syntax than
 * the bundled parser knows), it is sent anyway and the server has the last word.
 */
export async function atomicStatement(text: string, options: SplitOptions = {}): Promise<PostgresStatement | undefined> {
  const parseSync = await loadParser();
  const start: LineColumn = { line: options.line ?? 1, column: options.column ?? 1 };
  if (text.trim() === '') return undefined;
  let nodes: StatementNode[] | undefined;
  try {
    nodes = ((parseSync(text) as { stmts?: RawStatement[] }).stmts ?? []).map((s) => s.stmt);
  } catch {
    nodes = undefined;
  }
  if (nodes && nodes.length === 0) return undefined;
  return statementAt(text, 0, text.length, start, nodes);
}

function statementAt(
  text: string,
  from: number,
  to: number,
  start: LineColumn,
  nodes: StatementNode[] | undefined,
): PostgresStatement {
  const body = text.slice(from, to);
  const skip = leadingTriviaLength(body);
  const sql = body.slice(skip).trimEnd();
  const at = positionAt(text, from + skip, start);
  return { sql, line: at.line, column: at.column, ...(nodes !== undefined && { nodes }) };
}

/** The parser's cursor position counts characters (0-based after libpg-query's conversion). */
function syntaxError(e: ParseFailure, text: string, start: LineColumn, file: string | undefined): GodwitError {
  const cursor = e.sqlDetails?.cursorPosition;
  const at = cursor === undefined ? start : positionAt(text, charOffsetToIndex(text, cursor), start);
  return new GodwitError('PARSE_ERROR', e.message, {
    ...(file !== undefined && { file }),
    line: at.line,
    column: at.column,
    hint:
      'fix the SQL there; if the server accepts it but the bundled PostgreSQL 17 parser does not, ' +
      'wrap it in -- +goose StatementBegin / -- +goose StatementEnd so it is sent as written',
  });
}

/** The statement kind of a node: `IndexStmt`, `TransactionStmt`, ... */
export function kindOf(node: StatementNode): string {
  return Object.keys(node)[0] ?? 'unknown';
}
