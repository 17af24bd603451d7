/**
 * A command can fail without an error: insert, update and delete answer `ok: 1` and list the
 * documents they could not write in `writeErrors`, and a write that was not acknowledged as asked
 * carries `writeConcernError`. Those count as failures. (`ok: 0` already makes the driver throw.)
 */
import type { Document } from 'mongodb';

export function replyFailure(reply: Document): string | undefined {
  if (reply.ok !== undefined && Number(reply.ok) !== 1) {
    return String(reply.errmsg ?? `the server answered ok: ${String(reply.ok)}`);
  }
  const writeErrors: unknown = reply.writeErrors;
  if (Array.isArray(writeErrors) && writeErrors.length > 0) {
    const first = writeErrors[0] as { index?: number; errmsg?: string; code?: number };
    const where = [
      ...(first.index !== undefined ? [`at document ${first.index}`] : []),
      ...(writeErrors.length > 1 ? [`${writeErrors.length - 1} more write error(s)`] : []),
    ];
    return `${first.errmsg ?? `write error code ${String(first.code)}`}${where.length ? ` (${where.join('; ')})` : ''}`;
  }
  const concern = reply.writeConcernError as { errmsg?: string; code?: number } | undefined;
  if (concern && typeof concern === 'object') {
    return `write concern not satisfied: ${concern.errmsg ?? `code ${String(concern.code)}`}`;
  }
  return undefined;
}

/** A reply that reports a failure with `ok: 1` (writeErrors, writeConcernError), as an Error. */
export class CommandReplyError extends Error {
  constructor(
    message: string,
    readonly reply: Document,
  ) {
    super(message);
    this.name = 'CommandReplyError';
  }
}
