/**
 * A target's database: the resolved URL, where it came from, its driver, and for SQLite the
 * file, resolved against the command's working folder as every other relative path. An
 * in-memory SQLite database (`:memory:`, or the empty path) has no file.
 */
import type { ResolvedDatabase } from '@godwit/core';
import { type LocalPath, localPath } from './paths.js';
import type { DatabaseOrigin, Target } from './target.js';

type DatabaseFields = Pick<Target, 'database' | 'databaseOrigin' | 'driver' | 'sqliteFile'>;

export function attachDatabase(target: DatabaseFields, database: ResolvedDatabase, origin: DatabaseOrigin, cwd: string): void {
  target.database = database;
  target.databaseOrigin = origin;
  target.driver = database.kind;
  const file = sqliteFileOf(database, cwd);
  if (file) target.sqliteFile = file;
}

function sqliteFileOf(database: ResolvedDatabase, cwd: string): LocalPath | undefined {
  if (database.kind !== 'sqlite') return undefined;
  const path = database.sqlitePath ?? database.url;
  if (path === '' || path === ':memory:') return undefined;
  return localPath(cwd, path);
}
