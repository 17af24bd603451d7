/** Turns what better-sqlite3 throws on open into one-line GodwitErrors that say what to check. */
import { dirname } from 'node:path';
import { GodwitError } from '@godwit/core';

export function openError(e: unknown, path: string): GodwitError {
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : String(e);
  if (code === 'SQLITE_NOTADB') {
    return new GodwitError('NOT_A_DATABASE', `${path} is not a SQLite database (${message})`, {
      data: { path },
      hint: 'check --database: it must point at a SQLite database file, or at a path where one may be created',
      cause: e,
    });
  }
  // better-sqlite3 checks the folder itself and throws a TypeError without a code.
  if (/directory does not exist/i.test(message)) {
    return new GodwitError('CONNECTION_FAILED', `cannot open SQLite database ${path}: the folder ${dirname(path)} does not exist`, {
      data: { path },
      hint: 'create the folder first, or check --database',
      cause: e,
    });
  }
  return new GodwitError('CONNECTION_FAILED', `cannot open SQLite database ${path}: ${message}`, {
    file: path,
    hint: 'check --database and that the file and its folder are readable and writable',
    cause: e,
  });
}
