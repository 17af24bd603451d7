/**
 * An error from a command or from the store, in words for core (ErrorFacts); core adds where it
 * happened and what to do next. A command's error names the command (`command #1 (insert) failed:
 * <server message>`); a store error is the server's message, or connectionError's wording when no
 * server answered. Passwords are masked everywhere: the driver may echo a connection string.
 */
import type { ErrorFacts, PreparedStatement } from '@godwit/core';
import { MongoNetworkError, MongoServerError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';
import { clean, connectionError, type ErrorContext } from '../connection/errors.js';
import { commandOf } from '../prepare.js';
import { CommandReplyError } from './reply-check.js';

const MAX_TIME_MS_EXPIRED = 50;

export function describeError(e: unknown, statement: PreparedStatement | undefined, ctx: ErrorContext): ErrorFacts {
  const unreachable = e instanceof MongoServerSelectionError ? connectionError(e, ctx) : undefined;
  const reason = unreachable?.message ?? clean(e instanceof Error ? e.message : String(e), ctx);
  const code = codeOf(e);
  const advice =
    unreachable?.hint ??
    (code?.code === MAX_TIME_MS_EXPIRED ? 'the command ran past --statement-timeout (its maxTimeMS): raise it, or set maxTimeMS in the command' : undefined);
  return {
    message: statement ? `${describeCommand(statement)} failed: ${reason}` : reason,
    ...(advice && { advice }),
    ...(code && { data: code }),
    // The connection died (or no server is left): whatever the command did, the session is gone.
    ...((e instanceof MongoNetworkError || e instanceof MongoServerSelectionError || e instanceof MongoTopologyClosedError) && {
      sessionLost: true,
    }),
  };
}

/** `command #1 (insert)`: its index in the file's array, and its name. */
export function describeCommand(statement: PreparedStatement): string {
  const { command, index } = commandOf(statement);
  return `command #${index} (${Object.keys(command)[0] ?? '?'})`;
}

/** The server's error code, for --json: from the error, or from the reply's first write error. */
function codeOf(e: unknown): { code: number; codeName?: string } | undefined {
  const reply = e instanceof CommandReplyError ? e.reply : undefined;
  const source: { code?: unknown; codeName?: unknown } | undefined =
    reply?.writeErrors?.[0] ?? reply?.writeConcernError ?? (e instanceof MongoServerError ? e : undefined);
  if (typeof source?.code !== 'number') return undefined;
  return { code: source.code, ...(typeof source.codeName === 'string' && { codeName: source.codeName }) };
}
