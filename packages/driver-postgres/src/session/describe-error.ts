/**
 * PostgreSQL's errors in core's terms (Driver.describeError): the server's message with the URL's
 * passwords masked, its DETAIL and HINT, advice for a statement or lock timeout, and its position
 * (characters within the statement sent) mapped to the file's line and column. Errors inside a
 * function body created by the statement carry an internal position in the body; it is mapped
 * too when the body is found verbatim in the statement. A run-time error in a DO block has no
 * position, but PL/pgSQL's context names the line within the block's body: that line is reported.
 * Other errors without a position (a unique violation, say) point at the statement's start: for a
 * StatementBegin/End block or a BEGIN ... COMMIT unit, the start of the block.
 * Core adds the recovery and the statement.
 */
import { type ErrorFacts, type PreparedStatement, redactSecrets } from '@godwit/core';
import { charOffsetToIndex, type LineColumn, positionAt } from '../sql/text-position.js';

interface ServerError {
  message?: string;
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
  internalPosition?: string;
  internalQuery?: string;
  where?: string;
}

/** SQLSTATEs (and pg's own messages) that mean the session is gone. */
const SESSION_ENDED_CODES = new Set(['57P01', '57P02', '57P03']);

export function sessionEnded(e: unknown): boolean {
  const err = (e ?? {}) as ServerError;
  if (err.code !== undefined && (SESSION_ENDED_CODES.has(err.code) || err.code.startsWith('08'))) return true;
  return /Connection terminated|Client has encountered a connection error|connection.*(?:closed|ended)/i.test(String(err.message ?? ''));
}

export function describePgError(e: unknown, statement: PreparedStatement | undefined, secrets: readonly string[]): ErrorFacts {
  const err = (e ?? {}) as ServerError;
  const redact = (text: string) => redactSecrets(text, secrets);
  const message = redact(String(err.message ?? e));
  const lost = sessionEnded(e);
  const detail = [err.detail && `DETAIL: ${err.detail}`, err.hint && `HINT: ${err.hint}`].filter(Boolean).join(' ');
  const advice = lost ? undefined : adviceFor(err.code, message);
  const at = statement && locate(statement, err);
  return {
    message,
    ...at,
    ...(detail && { detail: redact(detail) }),
    ...(advice && { advice }),
    data: {
      ...(err.code !== undefined && { sqlstate: err.code }),
      ...(err.detail !== undefined && { detail: redact(err.detail) }),
      ...(err.hint !== undefined && { serverHint: redact(err.hint) }),
      ...(err.where !== undefined && { where: redact(err.where) }),
    },
    ...(lost && { sessionLost: true }),
    // Waiting for a lock timed out: nothing took effect, so core may retry (`retries=N`).
    ...(err.code === '55P03' && { lockTimeout: true as const }),
  };
}

function adviceFor(code: string | undefined, message: string): string | undefined {
  if (code === '57014' && /statement timeout/i.test(message)) {
    return 'the statement ran longer than --statement-timeout; raise it or make the statement faster.';
  }
  if (code === '55P03') {
    return `another session held a lock this statement needed for longer than its lock timeout (the migration's lock_timeout, the config's migrationDefaults, else --lock-timeout); retry when it is done, raise the limit, or add retries=N to the migration.`;
  }
  return undefined;
}

/** Where in the file the server's position points, when it gave one. */
function locate(statement: PreparedStatement, err: ServerError): LineColumn | undefined {
  const start = { line: statement.line, column: statement.column };
  const text = statement.text;
  const position = Number(err.position);
  if (Number.isInteger(position) && position > 0) return positionAt(text, charOffsetToIndex(text, position - 1), start);
  const internal = Number(err.internalPosition);
  if (err.internalQuery && Number.isInteger(internal) && internal > 0) {
    const body = text.indexOf(err.internalQuery);
    return body < 0 ? undefined : positionAt(text, body + charOffsetToIndex(err.internalQuery, internal - 1), start);
  }
  return doBlockLine(text, err.where, start);
}

/** PL/pgSQL's context line for a DO block: `PL/pgSQL function inline_code_block line 3 at PERFORM`. */
const DO_BLOCK_CONTEXT = /^PL\/pgSQL function inline_code_block line (\d+)/m;
/** A statement that is a DO block, up to the quote that opens its body (`$$`, `$tag$` or `'`). */
const DO_BODY_OPENS = /^DO\s+(?:LANGUAGE\s+\S+\s+)?(\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$|')/i;

/** The first word of the line of a DO block's body that PL/pgSQL's context names (line 1: where the body opens). */
function doBlockLine(text: string, where: string | undefined, start: LineColumn): LineColumn | undefined {
  const line = Number(DO_BLOCK_CONTEXT.exec(where ?? '')?.[1]);
  const opens = DO_BODY_OPENS.exec(text);
  if (!opens || !Number.isInteger(line) || line < 1) return undefined;
  let at = opens[0].length;
  for (let n = 1; n < line; n++) {
    const next = text.slice(at).search(/\r\n|\n|\r/);
    if (next < 0) return undefined;
    at += next + (text.startsWith('\r\n', at + next) ? 2 : 1);
  }
  while (text[at] === ' ' || text[at] === '\t') at++;
  return positionAt(text, at, start);
}
