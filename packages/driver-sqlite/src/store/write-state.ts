/** Bookkeeping without running a migration (force, skip): one IMMEDIATE transaction, all or nothing. */
import type { ApplyContext, StateChange } from '@godwit/core';
import type { Store } from './store.js';
import { storeError } from './store-error.js';

export function writeState(store: Store, change: StateChange, ctx: ApplyContext): void {
  try {
    const { db, rows } = store.writable();
    db.transaction(() => {
      const now = new Date();
      for (const version of change.remove) rows.remove(version);
      for (const u of change.upsert) {
        rows.upsert({ ...u, appliedAt: now, executionMs: 0, appliedBy: ctx.appliedBy, dirty: false });
      }
      for (const h of change.history) {
        rows.appendHistory({
          ...h,
          startedAt: now,
          finishedAt: now,
          executionMs: 0,
          success: true,
          error: null,
          appliedBy: ctx.appliedBy,
          toolVersion: ctx.toolVersion,
          note: ctx.note ?? null,
        });
      }
    }).immediate();
  } catch (e) {
    throw storeError(e, `could not write the migration state to ${store.connection.path}`);
  }
}
