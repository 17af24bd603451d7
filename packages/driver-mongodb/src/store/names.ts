/**
 * The store's collections: core's names for the `table` option (so the lock collection a backup
 * skips is the one this driver writes), refused when MongoDB could not name a collection so.
 */
import { GodwitError, type StoreTableNames, storeTableNames } from '@godwit/core';

/** versions: one document per version; history: never rewritten; lock: one document, `_id` = versions. */
export type StoreNames = StoreTableNames;

export function storeNames(table: string): StoreNames {
  const name = table.trim();
  // `<name>_history` must stay a valid collection name too, hence the checks on the base name.
  if (name === '' || name.includes('$') || name.includes('\0') || name.startsWith('system.') || name.startsWith('.') || name.endsWith('.')) {
    throw new GodwitError('USAGE', `"${table}" cannot name a MongoDB collection`, {
      hint: 'use letters, digits and underscores, e.g. --table godwit_migrations',
    });
  }
  return storeTableNames(name);
}
