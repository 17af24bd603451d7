/**
 * The driver `godwit backup` works through: the target's database and table, opened the way a
 * session opens its own (session/driver.ts: loaded for its kind only, connecting on first use,
 * so `list` and `prune` never connect). The session's migrator keeps its driver to itself, hence
 * one of our own; it needs no run settings beyond how long connecting may take.
 */
import type { Driver, ResolvedDatabase } from '@godwit/core';
import { openDriver } from '../../session/driver.js';
import { pathForTools } from '../../settings/paths.js';
import type { Target } from '../../settings/target.js';

export function openBackupDriver(target: Target, database: ResolvedDatabase): Promise<Driver> {
  return openDriver(database, {
    table: target.table,
    ...(target.sqliteFile && { sqliteFile: pathForTools(target.sqliteFile) }),
    ...(target.run.timeoutMs !== undefined && { timeoutMs: target.run.timeoutMs }),
  });
}
