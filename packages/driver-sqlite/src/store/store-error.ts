import { GodwitError } from '@godwit/core';

/** A failure reading or writing the store itself (not a migration's own statement). */
export function storeError(e: unknown, what: string): GodwitError {
  if (e instanceof GodwitError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new GodwitError('STORE_ERROR', `${what}: ${message}`, {
    hint: 'check that the database file is writable and that no other program holds it locked for longer than the busy timeout',
    cause: e,
  });
}
