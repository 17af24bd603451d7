/**
 * Read a SQLite file the way a person would check it, with the better-sqlite3 the SQLite driver
 * already depends on (resolved from that package, so the examples need no second copy).
 */
import { createRequire } from 'node:module';

interface Statement {
  all(...params: unknown[]): unknown[];
}
interface Connection {
  prepare(sql: string): Statement;
  close(): void;
}
type DatabaseConstructor = new (path: string, options?: { readonly?: boolean }) => Connection;

const require = createRequire(new URL('../../../packages/driver-sqlite/package.json', import.meta.url));
const Database = require('better-sqlite3') as DatabaseConstructor;

export function openSqliteReadOnly(path: string): { all(sql: string): unknown[]; close(): void } {
  const db = new Database(path, { readonly: true });
  return { all: (sql) => db.prepare(sql).all(), close: () => db.close() };
}
