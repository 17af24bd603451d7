/**
 * Bookkeeping without running a migration (force, skip): one transaction, or the run's single
 * transaction when one is open.
 */
import type { ApplyContext, StateChange } from '@godwit/core';
import type pg from 'pg';
import { deleteRecordSql, insertHistorySql, type StoreNames, upsertRecordSql } from './store-sql.js';

export async function writeState(client: pg.Client, names: StoreNames, change: StateChange, ctx: ApplyContext, inOpenTransaction: boolean): Promise<void> {
  const now = new Date();
  const statements = [
    ...change.remove.map((v) => deleteRecordSql(names, v)),
    ...change.upsert.map((u) =>
      upsertRecordSql(names, { version: u.version, name: u.name, checksum: u.checksum, executionMs: 0, appliedBy: ctx.appliedBy, dirty: false }),
    ),
    ...change.history.map((h) =>
      insertHistorySql(names, {
        version: h.version,
        name: h.name,
        direction: h.direction,
        startedAt: now,
        finished: true,
        executionMs: 0,
        success: true,
        error: null,
        appliedBy: ctx.appliedBy,
        toolVersion: ctx.toolVersion,
        note: ctx.note ?? null,
      }),
    ),
  ];
  if (statements.length === 0) return;
  if (inOpenTransaction) {
    await client.query(statements.join(';\n'));
    return;
  }
  try {
    await client.query(['BEGIN', ...statements, 'COMMIT'].join(';\n'));
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
