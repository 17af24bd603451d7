/**
 * PostgreSQL's errors in core's terms (Driver.describeError): the server's message with the URL's
 * passwords masked, its DETAIL and HINT, advice for a statement or lock timeout, and its position
 * (characters within the statement sent) mapped to the file's line and column. Errors inside a
 * function body created by the statement carry an internal position in the body; it is mapped
 * too when the body is found verbatim in the statement. Core adds the recovery and the statement.
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
  };
}

function adviceFor(code: string | undefined, message: string): string | undefined {
  if (code === '57014' && /statement timeout/i.test(message)) {
    return 'the statement ran longer than --statement-timeout; raise it or make the statement faster.';
  }
  if (code === '55P03') {
    return 'another session held a lock this statement needed for longer than --lock-timeout; retry when it is done, or raise it.';
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
  if (!err.internalQuery || !Number.isInteger(internal) || internal <= 0) return undefined;
  const body = text.indexOf(err.internalQuery);
  return body < 0 ? undefined : positionAt(text, body + charOffsetToIndex(err.internalQuery, internal - 1), start);
}
