/** The store facts a step writes, shared by the transactional and non-transactional paths. */
import type { ApplyContext, PreparedStep } from '@godwit/core';
import type { StoreRows } from '../store/store-sql.js';

/** Another runner already did this step (the store says so): nothing to do. */
export function alreadyDone(rows: StoreRows, step: PreparedStep): boolean {
  const recorded = rows.has(step.migration.version);
  return step.direction === 'up' ? recorded : !recorded;
}

export function record(step: PreparedStep) {
  const { version, name, checksum } = step.migration;
  return { version, name, checksum };
}

export function historyOf(step: PreparedStep, ctx: ApplyContext, startedAt: Date) {
  return {
    version: step.migration.version,
    name: step.migration.name,
    direction: step.direction,
    startedAt,
    appliedBy: ctx.appliedBy,
    toolVersion: ctx.toolVersion,
    note: ctx.note ?? null,
  };
}
