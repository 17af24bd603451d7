/**
 * The store's table names. The name is spliced into SQL (SQLite cannot bind identifiers), so it is
 * validated as a plain identifier first and then double-quoted everywhere it is used.
 */
import { GodwitError, storeTableNames } from '@godwit/core';

export interface TableNames {
  /** the version table, e.g. "godwit_migrations" (quoted, ready for SQL) */
  versions: string;
  /** `<table>_history`, the append-only audit trail */
  history: string;
  /** `<table>_lock`, the runner-level lock row */
  lock: string;
  /** the unquoted names, for sqlite_master look-ups and messages */
  raw: { versions: string; history: string; lock: string };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function tableNames(table: string): TableNames {
  if (!IDENTIFIER.test(table)) {
    throw new GodwitError('USAGE', `invalid table name ${JSON.stringify(table)}: use letters, digits and _ only, not starting with a digit`, {
      hint: 'e.g. --table godwit_migrations',
    });
  }
  // SQLite reserves every name starting with sqlite_ for itself and refuses to create such tables.
  if (/^sqlite_/i.test(table)) {
    throw new GodwitError('USAGE', `invalid table name ${JSON.stringify(table)}: names starting with sqlite_ are reserved by SQLite`, {
      hint: 'pick another --table name',
    });
  }
  const raw = storeTableNames(table);
  return { versions: `"${raw.versions}"`, history: `"${raw.history}"`, lock: `"${raw.lock}"`, raw };
}
