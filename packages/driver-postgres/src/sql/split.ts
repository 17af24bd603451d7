/**
 * Statement splitting with the real PostgreSQL parser (libpg-query, WASM). The parser knows
 * dollar quotes, `E''` strings, nested comments and quoted identifiers, so no annotation is needed
 * for DO blocks or function bodies. Its statement locations are UTF-8 byte offsets; they are turned
 * into string indices and then into the file's line and column here.
 *
 * Text is parsed in bounded pieces, so that preparing a file costs time and memory in proportion
 * to its size (a multi-MB seed file parsed at once takes minutes, and fails at about 50 MB). A
 * piece ends at a `;` proposed by a lexical scan (boundaries.ts) and is accepted only when the
 * parser's own result proves that `;` ends a statement list; otherwise a piece twice as long is
 * parsed. The parser stays the authority on where statements begin and end, and on errors.
 */
import { GodwitError } from '@godwit/core';
import { type CutFinder, endsOnSeparator, lexicalCuts } from './boundaries.js';
import { byteOffsetsToIndices, charOffsetToIndex, type LineColumn, PositionTracker, triviaEnd } from './text-position.js';

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
   * Only the trees `keepNode` accepts, when it is given. The `location` fields inside a tree are
   * byte offsets into the piece of text the parser was handed, not into the file: use line and column.
   */
  nodes?: StatementNode[];
}

export interface SplitOptions {
  /** file name for errors */
  file?: string;
  /** where the text starts in the file (default 1:1) */
  line?: number;
  column?: number;
  /**
   * Which parse trees to keep (default: all). A file of 500,000 INSERTs would otherwise hold
   * 500,000 trees that nobody looks at; a statement whose tree is not kept has `nodes: []` (frozen).
   */
  keepNode?: (node: StatementNode) => boolean;
}

/** How text is cut into pieces for the parser; changed by tests only. */
export interface PieceTuning {
  /** a piece ends at the first proposed cut this many characters after its start (or later) */
  pieceChars?: number;
  /** where cuts are proposed (default: lexicalCuts) */
  cuts?: (text: string) => CutFinder;
}

/** `nodes` of a statement whose tree was not kept: one shared (frozen) empty list, not one each. */
export const NO_NODES = Object.freeze([]) as unknown as StatementNode[];

/** Characters a piece holds at least (unless the text ends first); about 700 INSERTs of 100 bytes. */
export const PIECE_CHARS = 64 * 1024;

export type Parse = (sql: string) => unknown;
let loaded: Promise<Parse> | undefined;

/** Whether the parser has been asked for in this process (then it costs nothing more to use it). */
export function parserLoaded(): boolean {
  return loaded !== undefined;
}

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
  return splitWith(await loadParser(), text, options);
}

/** splitPostgres with a given parse function (tests count what it is handed). */
export function splitWith(parse: Parse, text: string, options: SplitOptions & PieceTuning = {}): PostgresStatement[] {
  const start: LineColumn = { line: options.line ?? 1, column: options.column ?? 1 };
  if (text.trim() === '') return [];
  const positions = new PositionTracker(text, start);
  const keep = options.keepNode;
  const out: PostgresStatement[] = [];
  try {
    parseInPieces(parse, text, options, (raw, bounds, offset) => {
      for (let n = 0; n < raw.length; n++) {
        const node = raw[n]!.stmt;
        const nodes = keep === undefined || keep(node) ? [node] : NO_NODES;
        out.push(statementAt(text, offset + bounds[2 * n]!, offset + bounds[2 * n + 1]!, positions, nodes));
      }
    });
  } catch (e) {
    if (!(e instanceof PieceFailure)) throw e;
    const cursor = e.failure.sqlDetails?.cursorPosition;
    const at = cursor === undefined ? start : positions.at(e.offset + charOffsetToIndex(e.piece, cursor));
    throw syntaxError(e.failure, at, options.file);
  }
  return out;
}

/**
 * A StatementBegin/End block: sent as one piece, exactly as written. It is still parsed so that
 * statements that cannot run in a transaction are found; when it does not parse (newer syntax than
 * the bundled parser knows), it is sent anyway and the server has the last word.
 */
export async function atomicStatement(text: string, options: SplitOptions = {}): Promise<PostgresStatement | undefined> {
  return atomicWith(await loadParser(), text, options);
}

/** atomicStatement with a given parse function. */
export function atomicWith(parse: Parse, text: string, options: SplitOptions & PieceTuning = {}): PostgresStatement | undefined {
  const start: LineColumn = { line: options.line ?? 1, column: options.column ?? 1 };
  if (text.trim() === '') return undefined;
  const keep = options.keepNode;
  let nodes: StatementNode[] | undefined = [];
  let count = 0;
  try {
    parseInPieces(parse, text, options, (raw) => {
      count += raw.length;
      for (const s of raw) if (keep === undefined || keep(s.stmt)) nodes!.push(s.stmt);
    });
  } catch (e) {
    if (!(e instanceof PieceFailure)) throw e;
    nodes = undefined;
  }
  if (nodes && count === 0) return undefined;
  return statementAt(text, 0, text.length, new PositionTracker(text, start), nodes);
}

/** The parser refused the rest of the text: `failure` is about `piece`, which starts at `offset`. */
class PieceFailure {
  constructor(
    readonly failure: ParseFailure,
    readonly piece: string,
    readonly offset: number,
  ) {}
}

/**
 * Parses `text` piece by piece and hands over each piece's statements, in order, with their bounds
 * as indices into the piece (start, end; end is where the `;` is, or the piece's end) and the
 * piece's offset in `text`. Throws PieceFailure when the text does not parse.
 *
 * Why the result is the parser's own: a piece starts where the lexer and grammar are between
 * statements (the start of the text, or the end of an accepted piece), so the parser reads it as
 * it reads that part of the whole text, except for what the end of the piece cuts off. A piece is
 * accepted when the parser says it ends after a statement list: its last statement ends at a `;`
 * token and only `;`, white space and comments follow, the last `;` being a token of its own. Then
 * the whole text has that same boundary there. Otherwise (a parse error, or a cut the parser does
 * not confirm, e.g. inside a BEGIN ATOMIC body) the piece is parsed again at least twice as long,
 * up to the end of the text, where the parser's answer is final: an error then is the one the
 * whole text has, and is reported. Doubling keeps the work linear even when cuts are refused.
 */
function parseInPieces(
  parse: Parse,
  text: string,
  tuning: PieceTuning,
  each: (raw: RawStatement[], bounds: number[], offset: number) => void,
): void {
  const size = Math.max(1, tuning.pieceChars ?? PIECE_CHARS);
  const cuts = (tuning.cuts ?? lexicalCuts)(text);
  let from = 0;
  while (from < text.length) {
    let min = from + size;
    for (;;) {
      const to = cuts.next(min);
      const piece = text.slice(from, to);
      const final = to >= text.length;
      let raw: RawStatement[] | undefined;
      try {
        raw = piece.trim() === '' ? [] : ((parse(piece) as { stmts?: RawStatement[] }).stmts ?? []);
      } catch (e) {
        if (final) throw new PieceFailure(e as ParseFailure, piece, from);
      }
      if (raw !== undefined) {
        // Locations are omitted when 0, lengths when the statement runs to the end of the text.
        const bounds = byteOffsetsToIndices(
          piece,
          raw.flatMap((s) => {
            const at = s.stmt_location ?? 0;
            return [at, s.stmt_len ? at + s.stmt_len : Number.MAX_SAFE_INTEGER];
          }),
        );
        if (final || endsStatementList(piece, raw, bounds)) {
          each(raw, bounds, from);
          from = to;
          break;
        }
      }
      min = from + 2 * (to - from);
    }
  }
}

/** Whether the parser confirms that `piece` ends after a complete statement list (see parseInPieces). */
function endsStatementList(piece: string, raw: RawStatement[], bounds: number[]): boolean {
  if (raw.length === 0) return endsOnSeparator(piece, 0, piece.length);
  if (!raw[raw.length - 1]!.stmt_len) return false;
  const semicolon = bounds[bounds.length - 1]!;
  return piece.charCodeAt(semicolon) === 0x3b && endsOnSeparator(piece, semicolon, piece.length);
}

/**
 * The statement in `text[from, to)` as it is sent: leading white space and comments removed, trailing
 * white space trimmed, placed in the file by `positions` (also the lexical fast lane's, part/scanned-part.ts).
 */
export function statementAt(
  text: string,
  from: number,
  to: number,
  positions: PositionTracker,
  nodes: StatementNode[] | undefined,
): PostgresStatement {
  const begin = triviaEnd(text, from, to);
  const sql = text.slice(begin, to).trimEnd();
  const at = positions.at(begin);
  return { sql, line: at.line, column: at.column, ...(nodes !== undefined && { nodes }) };
}

/** The parser's cursor position counts characters (0-based after libpg-query's conversion). */
function syntaxError(e: ParseFailure, at: LineColumn, file: string | undefined): GodwitError {
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
