/**
 * A step that cannot run in a transaction (NO TRANSACTION, or a file with its own BEGIN/COMMIT):
 * 1. in one transaction: re-check the store, write the store row dirty and an open history row;
 * 2. run the statements, each committing on its own;
 * 3. in one transaction: mark the row clean (up) or delete it (down), and finish the history row.
 * A failure in 2 leaves the row dirty, which blocks further runs until `godwit force`, because
 * nobody can tell from here how much of the migration took effect.
 */
import { type ApplyContext, type ApplyResult, GodwitError, type PreparedStatement, type PreparedStep } from '@godwit/core';
import type { Db } from '../connection/connection.js';
import type { StoreRows } from '../store/store-sql.js';
import { storeError } from '../store/store-error.js';
import { abortedStep, migrationFailed } from './failure.js';
import { alreadyDone, historyOf, record } from './step-records.js';
import { yieldToEventLoop } from './yield.js';

export async function applyOutsideTransaction(db: Db, rows: StoreRows, step: PreparedStep, ctx: ApplyContext): Promise<ApplyResult> {
  const { migration } = step;
  const startedAt = new Date();
  const t0 = performance.now();

  let historyId: number | undefined;
  try {
    db.transaction(() => {
      if (alreadyDone(rows, step)) return;
      if (step.direction === 'up') {
        rows.upsert({ ...record(step), appliedAt: startedAt, executionMs: 0, appliedBy: ctx.appliedBy, dirty: true });
      } else {
        rows.markDirty(migration.version);
      }
      historyId = rows.appendHistory({ ...historyOf(step, ctx, startedAt), finishedAt: null, executionMs: null, success: false, error: null });
    }).immediate();
  } catch (e) {
    throw storeError(e, `could not record migration ${migration.version} as started`);
  }
  if (historyId === undefined) return { status: 'skipped-concurrent', executionMs: 0 };

  let current: PreparedStatement | undefined;
  let ran = 0;
  try {
    for (const statement of step.statements) {
      if (ran > 0) await yieldToEventLoop();
      if (ctx.signal.aborted) throw abortedStep(step, statement, ran);
      current = statement;
      db.exec(statement.text);
      ran++;
    }
    current = undefined;
    if (db.inTransaction) {
      throw migrationFailed(step, undefined, new Error('the migration left a transaction open (BEGIN without COMMIT); it was rolled back'));
    }
  } catch (e) {
    // A file's own BEGIN may still be open: its half is rolled back by SQLite's rules, not kept.
    if (db.inTransaction) db.exec('ROLLBACK');
    const error = e instanceof GodwitError ? e : migrationFailed(step, current, e);
    const id = historyId;
    try {
      db.transaction(() =>
        rows.finishHistory(id, { finishedAt: new Date(), executionMs: performance.now() - t0, success: false, error: error.toString() }),
      ).immediate();
    } catch {
      // Keep the migration's error; the dirty row already tells the next run something is wrong.
    }
    throw error;
  }

  const executionMs = performance.now() - t0;
  try {
    const id = historyId;
    db.transaction(() => {
      const finishedAt = new Date();
      if (step.direction === 'up') rows.markClean(migration.version, finishedAt, executionMs);
      else rows.remove(migration.version);
      rows.finishHistory(id, { finishedAt, executionMs, success: true, error: null });
    }).immediate();
  } catch (e) {
    throw storeError(e, `migration ${migration.version} ran, but could not be recorded as finished (the store still says dirty)`);
  }
  return { status: 'applied', executionMs: Math.round(executionMs) };
}
