/**
 * A SQLite file read (or written) the way a person would check it, with the better-sqlite3 the
 * SQLite driver already depends on (resolved from that package: one native build in the tree).
 */
import { createRequire } from 'node:module';

export interface SqliteFile {
  exec(sql: string): void;
  prepare(sql: string): { all(...params: unknown[]): Record<string, unknown>[]; get(...params: unknown[]): unknown; run(...params: unknown[]): unknown };
  close(): void;
}

const Database = createRequire(new URL('../../driver-sqlite/package.json', import.meta.url))('better-sqlite3') as new (
  path: string,
  options?: { readonly?: boolean; fileMustExist?: boolean },
) => SqliteFile;

/** Opens a SQLite file; read-only unless `write` (then it is created when missing). */
export function openSqlite(path: string, { write = false } = {}): SqliteFile {
  return write ? new Database(path) : new Database(path, { readonly: true, fileMustExist: true });
}

/** The rows of one query against a SQLite file, read-only. */
export function querySqlite<T = Record<string, unknown>>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = openSqlite(path);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
