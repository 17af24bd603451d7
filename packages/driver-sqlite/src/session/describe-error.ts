/**
 * SQLite's errors in the contract's words. better-sqlite3 gives SQLite's own message and its
 * extended result code (SQLITE_CONSTRAINT_UNIQUE ...), but no position within the statement, so
 * core reports the statement's start.
 */
import type { ErrorFacts } from '@godwit/core';

export function describeSqliteError(e: unknown): ErrorFacts {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | undefined)?.code;
  return {
    message,
    ...(typeof code === 'string' && { data: { code } }),
    ...(code === 'SQLITE_BUSY' && {
      advice: 'another connection held the database locked for longer than the busy timeout; retry when it is done.',
      // The busy timeout ran out before anything was written: core may retry (`retries=N`).
      lockTimeout: true as const,
    }),
  };
}
