/**
 * One entry of a fleet as the session's Target: the fleet's folder, table and run settings, the
 * entry's database, and for a schema target the schema (the PostgreSQL driver sets search_path
 * to it and keeps the store inside it).
 */
import { resolveDatabase } from '@godwit/core';
import { attachDatabase } from '../settings/target-database.js';
import type { Target } from '../settings/target.js';
import type { FleetDefinition } from './fleet-definition.js';
import type { FleetEntry } from './target-list.js';

/** What a target takes from its fleet: the folder, the store table, the run settings. */
export type FleetTargetSettings = Pick<FleetDefinition, 'dir' | 'table' | 'shared'>;

export function fleetTarget(entry: FleetEntry, fleet: FleetTargetSettings, cwd: string): Target & { id: string } {
  const target: Target & { id: string } = { ...fleet.shared, id: entry.id, dir: fleet.dir, table: fleet.table };
  if (entry.schema !== undefined) target.schema = entry.schema;
  attachDatabase(target, resolveDatabase(entry.url), 'flag', cwd);
  return target;
}

/** How reports name a target: its id, and its redacted URL when that says more (a schema, an explicit id). */
export function targetLabel(entry: FleetEntry, redacted: string): string {
  return entry.id === redacted ? entry.id : `${entry.id} ${redacted}`;
}
