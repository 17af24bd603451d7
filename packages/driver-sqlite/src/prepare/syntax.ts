/**
 * Syntax check before anything runs: every statement is prepared (compiled, never run) against a
 * private, empty in-memory database, so a broken statement in the last pending file stops the run
 * before the first file is applied.
 *
 * On an empty database most statements fail to prepare anyway: "no such table", "no such column",
 * "no such function" and the like only mean the schema (or an extension) is not there, and are
 * ignored. SQLite reads a statement's tokens before it resolves names (name resolution happens
 * when the whole statement has been parsed), so what is reported is only what no schema could fix:
 * the parser's own errors ("syntax error", "incomplete input", "unrecognized token", ...).
 *
 * Two statements resolve a table half-way through parsing: CREATE TRIGGER (before its body) and
 * ALTER TABLE ... ADD COLUMN (before the column definition). When those stop at "no such table",
 * they are prepared again with a stub of that table (or view) created inside a transaction that
 * is rolled back, so the rest of the statement is checked too.
 *
 * Cost: one prepare per statement on the happy path (a few microseconds each); only a statement
 * that fails to parse is prepared again, to find where the error is.
 */
import Database from 'better-sqlite3';
import { asWritten, GodwitError, type PreparedStatement, type SqlPart, splitSql } from '@godwit/core';

/** Messages of errors that the parser raises whatever the schema holds. */
const PARSER_ERRORS: readonly RegExp[] = [
  /^near "[\s\S]*": syntax error$/,
  /^incomplete input$/,
  /^unrecognized token: "[\s\S]*"$/,
  /^parser stack overflow$/,
  /^unknown table option: /,
  /^unknown join type: /,
  /^(ORDER BY|LIMIT) clause should come after \S+ not before$/,
];

/**
 * PRAGMAs that act on the whole process while being prepared (SQLite sets these globals at compile
 * time, not when the statement runs): checking them would apply them. They are left unchecked.
 */
const GLOBAL_PRAGMA = /^PRAGMA\s+(?:[A-Za-z_][\w$]*\s*\.\s*)?(?:temp_store_directory|data_store_directory|soft_heap_limit|hard_heap_limit)\b/i;
const TRIGGER = /^CREATE\s+(?:(?:TEMP|TEMPORARY)\s+)?TRIGGER\b/i;
const ALTER = /^ALTER\s+TABLE\b/i;
const NO_SUCH_TABLE = /^no such table: (?:(main|temp)\.)?([^.]+)$/;
const MORE_THAN_ONE = 'The supplied SQL string contains more than one statement';
/** A character that continues an identifier, keyword or number. */
const WORD = /[\w$\u0080-\uffff]/;
/** How many occurrences of the offending token are tried when looking for the error's position. */
const MAX_CANDIDATES = 32;

let scratch: Database.Database | undefined;

/** The shared empty database statements are checked against, opened on first use. */
function scratchDb(): Database.Database {
  if (!scratch?.open) scratch = new Database(':memory:');
  return scratch;
}

interface Failure {
  /** SQLite's message */
  message: string;
  /** where in the statement's text the error is, when known */
  offset?: number;
}

/**
 * Throws GodwitError PARSE_ERROR for the first statement of `part` that SQLite cannot parse,
 * pointing at the error's line and column when it can be found (else at the statement's start).
 */
export function checkSyntax(
  part: SqlPart,
  statements: readonly PreparedStatement[],
  version: number,
  /** statements sent as written (StatementBegin/End blocks), which may hold several */
  atomic: ReadonlySet<PreparedStatement> = new Set(),
): void {
  for (const statement of statements) {
    const failure = atomic.has(statement) ? blockFailure(statement.text) : parseFailure(statement.text);
    if (failure) throw syntaxError(part, statement, failure, version);
  }
}

/**
 * Why SQLite cannot parse `text`, or undefined when it can (or when that cannot be told).
 * `splitting`: the text may be split into statements once more when SQLite finds several in it.
 */
export function parseFailure(text: string, splitting = true): Failure | undefined {
  if (GLOBAL_PRAGMA.test(text)) return undefined;
  const db = scratchDb();
  const message = prepareError(db, text);
  if (message === undefined) return undefined;
  if (isParserError(message)) return locate(db, text, message);
  if (message === MORE_THAN_ONE) return splitting ? blockFailure(text) : undefined;
  const table = NO_SUCH_TABLE.exec(message);
  if (table && (TRIGGER.test(text) || ALTER.test(text))) return withStub(db, text, table[2]!, table[1] === 'temp');
  return undefined;
}

function isParserError(message: string): boolean {
  return PARSER_ERRORS.some((re) => re.test(message));
}

/** The message preparing `text` fails with, or undefined when it prepares. */
function prepareError(db: Database.Database, text: string): string | undefined {
  // Most statements fail here for want of a table: without a stack trace, an error costs a third.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    db.prepare(text);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Finds the offset of the token SQLite names (`near "X"`, `unrecognized token: "X"`): the first
 * occurrence of X such that the text up to and including it fails with the same message. A prefix
 * that stops before the offending token parses so far, so it fails otherwise ("incomplete input").
 */
function locate(db: Database.Database, text: string, message: string): Failure {
  if (message === 'incomplete input') return { message, offset: text.length };
  const token = /^near "([\s\S]*)": syntax error$/.exec(message)?.[1] ?? /^unrecognized token: "([\s\S]*)"$/.exec(message)?.[1];
  if (!token) return { message };
  // Only whole tokens: `UPDAT` inside `UPDATE` is not a candidate (its prefix would fail the same).
  const wordStart = WORD.test(token[0]!);
  const wordEnd = WORD.test(token[token.length - 1]!);
  let tries = 0;
  for (let at = text.indexOf(token); at !== -1 && tries < MAX_CANDIDATES; at = text.indexOf(token, at + 1)) {
    const end = at + token.length;
    if ((wordStart && at > 0 && WORD.test(text[at - 1]!)) || (wordEnd && end < text.length && WORD.test(text[end]!))) continue;
    tries++;
    if (prepareError(db, text.slice(0, end)) === message) return { message, offset: at };
  }
  return { message };
}

/**
 * A text that may hold several statements (a StatementBegin/End block is sent as one text, and
 * SQLite runs every statement in it): each is checked on its own. Preparing the whole text would
 * check only the first, and not even that one when it needs a table the empty database lacks.
 */
function blockFailure(text: string): Failure | undefined {
  let pieces: ReturnType<typeof splitSql>;
  try {
    pieces = splitSql({ text, line: 1, atomic: false }, '');
  } catch {
    return parseFailure(text, false); // the splitter cannot read it; SQLite may still say what is wrong
  }
  if (pieces.length < 2) return pieces.length === 1 ? parseFailure(text, false) : undefined;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lineStarts.push(i + 1);
  }
  for (const piece of pieces) {
    const failure = parseFailure(piece.sql, false);
    if (!failure) continue;
    const start = (lineStarts[piece.line - 1] ?? 0) + piece.column - 1;
    return failure.offset === undefined ? { message: failure.message } : { message: failure.message, offset: start + failure.offset };
  }
  return undefined;
}

/** Prepares `text` again with an empty stand-in for the table it needs, rolled back afterwards. */
function withStub(db: Database.Database, text: string, table: string, temp: boolean): Failure | undefined {
  const name = `"${table.replaceAll('"', '""')}"`;
  const view = TRIGGER.test(text) && /\bINSTEAD\s+OF\b/i.test(text);
  const stub = view
    ? `CREATE ${temp ? 'TEMP ' : ''}VIEW ${name} AS SELECT NULL AS godwit_stub`
    : `CREATE ${temp ? 'TEMP ' : ''}TABLE ${name} (godwit_stub)`;
  try {
    db.exec('BEGIN');
    db.exec(stub);
    const message = prepareError(db, text);
    return message !== undefined && isParserError(message) ? locate(db, text, message) : undefined;
  } catch {
    return undefined; // a name SQLite reserves (sqlite_...): nothing more can be checked
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

function syntaxError(part: SqlPart, statement: PreparedStatement, failure: Failure, version: number): GodwitError {
  const at = failure.offset === undefined ? statement : positionAt(statement, failure.offset);
  const moved = at.line !== statement.line || at.column !== statement.column;
  // ENVSUB values may be secrets: SQLite quotes the token it stopped at, which may be one.
  const message = asWritten(failure.message, part.substitutions);
  return new GodwitError('PARSE_ERROR', moved ? `${message} (in the statement at line ${statement.line}, column ${statement.column})` : message, {
    file: statement.file,
    line: at.line,
    column: at.column,
    version,
    hint: 'SQLite cannot parse this statement: fix the SQL there. Nothing has run: every pending migration is checked before the first one starts',
    data: {
      sqliteMessage: message,
      statement: { line: statement.line, column: statement.column },
      ...(failure.offset !== undefined && { offset: failure.offset }),
    },
  });
}

/** The file line and column of `offset` in the statement's text (LF, CRLF and CR all end a line). */
function positionAt(statement: PreparedStatement, offset: number): { line: number; column: number } {
  const text = statement.text;
  let line = statement.line;
  let column = statement.column;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      column = 1;
    } else if (c !== 13) {
      column++;
    }
  }
  return { line, column };
}
