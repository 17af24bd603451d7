/**
 * How one database of a multi-database project becomes a session: the project decides the
 * database, folder and table; everything else (limits, logging, the environment's protection)
 * comes from the global options as for any command.
 */
import { GodwitError, type ResolvedDatabase } from '@godwit/core';
import type { Settings } from '../context/settings.js';

export interface SessionTarget {
  /** `postgres-product`: bound to every log line */
  id: string;
  /** none: files only (validate --all without the database's URL) */
  database?: ResolvedDatabase;
  dir: string;
  table: string;
}

export function withTarget(settings: Settings, target: SessionTarget): Settings {
  const out: Settings = { ...settings, dir: target.dir, table: target.table };
  delete out.database;
  delete out.databaseOrigin;
  if (target.database) {
    out.database = target.database;
    out.databaseOrigin = 'config';
  }
  if (out.singleTransaction && target.database && target.database.kind !== 'postgres') {
    throw new GodwitError('USAGE', `--single-transaction is for PostgreSQL, and ${target.id} is ${target.database.kind}`, {
      hint: 'drop --single-transaction',
    });
  }
  return out;
}
