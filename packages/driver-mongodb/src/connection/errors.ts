/**
 * Driver errors turned into GodwitErrors people can act on. Every message passes through
 * redactSecrets, because the `mongodb` driver may echo a connection string or a host list.
 */
import { GodwitError, redactSecrets } from '@godwit/core';
import { MongoServerError, MongoServerSelectionError } from 'mongodb';

export interface ErrorContext {
  /** the URL with its password masked */
  target: string;
  /** passwords to mask wherever they appear */
  secrets: readonly string[];
  serverSelectionTimeoutMs: number;
}

export function clean(message: string, ctx: Pick<ErrorContext, 'secrets'>): string {
  return redactSecrets(message, ctx.secrets);
}

/** A failure to reach or log in to the server. */
export function connectionError(e: unknown, ctx: ErrorContext): GodwitError {
  if (e instanceof GodwitError) return e;
  const message = clean(e instanceof Error ? e.message : String(e), ctx);
  if (e instanceof MongoServerSelectionError) {
    return new GodwitError(
      'CONNECTION_FAILED',
      `no MongoDB server answered at ${ctx.target} within ${ctx.serverSelectionTimeoutMs / 1000}s: ${message}`,
      { hint: 'check that the server is running and that the host and port in the URL are right', cause: e },
    );
  }
  if (e instanceof MongoServerError && (e.code === 18 || e.codeName === 'AuthenticationFailed')) {
    return new GodwitError('CONNECTION_FAILED', `MongoDB refused the login to ${ctx.target}: ${message}`, {
      hint: 'check the user name and password in the URL, and authSource / authMechanism if the user lives elsewhere',
      cause: e,
    });
  }
  return new GodwitError('CONNECTION_FAILED', `could not connect to MongoDB at ${ctx.target}: ${message}`, { cause: e });
}

/** A failure while reading or writing the version store (not while running a migration). */
export function storeError(e: unknown, what: string, ctx: ErrorContext): GodwitError {
  if (e instanceof GodwitError) return e;
  if (e instanceof MongoServerSelectionError) return connectionError(e, ctx);
  const message = clean(e instanceof Error ? e.message : String(e), ctx);
  return new GodwitError('STORE_ERROR', `could not ${what}: ${message}`, { cause: e });
}

/** E11000: the write lost a race on a unique key. */
export function isDuplicateKey(e: unknown): boolean {
  return e instanceof MongoServerError && e.code === 11000;
}
