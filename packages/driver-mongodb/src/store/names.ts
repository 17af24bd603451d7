/** The store's collections, named after the `table` option the way the SQL drivers name tables. */
import { GodwitError } from '@godwit/core';

export interface StoreNames {
  /** one document per applied version */
  versions: string;
  /** the audit trail: one document per operation, never rewritten */
  history: string;
  /** the runners' lock: one document, `_id` = the versions collection's name */
  lock: string;
}

export function storeNames(table: string): StoreNames {
  const name = table.trim();
  // `<name>_history` must stay a valid collection name too, hence the checks on the base name.
  if (name === '' || name.includes('$') || name.includes('\0') || name.startsWith('system.') || name.startsWith('.') || name.endsWith('.')) {
    throw new GodwitError('USAGE', `"${table}" cannot name a MongoDB collection`, {
      hint: 'use letters, digits and underscores, e.g. --table godwit_migrations',
    });
  }
  return { versions: name, history: `${name}_history`, lock: `${name}_lock` };
}
