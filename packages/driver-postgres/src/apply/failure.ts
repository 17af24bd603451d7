/**
 * A server error during a step, as a GodwitError: the server's message, its DETAIL and HINT, and
 * its position (characters within the statement sent) mapped to the migration file's line and
 * column. Errors inside a function body created by the statement carry an internal position in
 * the body; it is mapped too when the body is found verbatim in the statement.
 */
import { type ErrorCode, GodwitError, type PreparedStatement, type PreparedStep, redactSecrets } from '@godwit/core';
import { charOffsetToIndex, positionAt } from '../sql/text-position.js';

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

export interface FailureContext {
  step: PreparedStep;
  /** the statement that was running; undefined for bookkeeping (e.g. COMMIT) */
  statement?: PreparedStatement;
  /** what to do next, for the hint */
  recovery: string;
  secrets: readonly string[];
}

export function migrationFailure(e: unknown, f: FailureContext, code: ErrorCode = 'MIGRATION_FAILED'): GodwitError {
  const err = (e ?? {}) as ServerError;
  const { step, statement } = f;
  const v = step.migration.version;
  const server = redactSecrets(String(err.message ?? e), f.secrets);
  let message = server;
  let advice = f.recovery;
  if (sessionEnded(e)) {
    message = `the server ended the session while running migration ${v} (${server})`;
  } else if (err.code === '57014' && /statement timeout/i.test(server)) {
    advice = `the statement ran longer than --statement-timeout; raise it or make the statement faster. ${f.recovery}`;
  } else if (err.code === '55P03') {
    advice = `another session held a lock this statement needed for longer than --lock-timeout; retry when it is done, or raise it. ${f.recovery}`;
  }
  const hint = [err.detail && `DETAIL: ${err.detail}`, err.hint && `HINT: ${err.hint}`, advice].filter(Boolean).join(' ');
  const at = statement ? locate(statement, err) : undefined;
  const data: Record<string, unknown> = {
    ...(err.code !== undefined && { sqlstate: err.code }),
    ...(err.detail !== undefined && { detail: err.detail }),
    ...(err.hint !== undefined && { serverHint: err.hint }),
    ...(err.where !== undefined && { where: err.where }),
    ...(statement && { statement: statement.text.length > 500 ? `${statement.text.slice(0, 500)}...` : statement.text }),
  };
  return new GodwitError(code, message, {
    file: statement?.file ?? step.migration.file,
    ...(at && { line: at.line, column: at.column }),
    version: v,
    hint,
    data,
    cause: e,
  });
}

/** The file position of the error: the server's position in the statement, else the statement's start. */
function locate(statement: PreparedStatement, err: ServerError): { line: number; column: number } {
  const start = { line: statement.line, column: statement.column };
  const text = statement.text;
  const position = Number(err.position);
  if (Number.isInteger(position) && position > 0) return positionAt(text, charOffsetToIndex(text, position - 1), start);
  const internal = Number(err.internalPosition);
  if (err.internalQuery && Number.isInteger(internal) && internal > 0) {
    const body = text.indexOf(err.internalQuery);
    if (body >= 0) {
      const inBody = charOffsetToIndex(err.internalQuery, internal - 1);
      return positionAt(text, body + inBody, start);
    }
  }
  return start;
}
