/**
 * Runs one prepared step. Statements run one at a time (`db.exec` each) so a failure names the
 * statement that failed; between statements the event loop gets a turn and the signal is checked.
 *
 * Transactional: BEGIN IMMEDIATE, re-check the store, statements, store row and history row,
 * COMMIT; a failure rolls all of it back and then appends a failed history row on its own.
 * Not transactional: see apply-outside-transaction.ts.
 *
 * `ctx.statementTimeoutMs` is not enforced: SQLite has no server-side statement timeout, and
 * better-sqlite3 runs each statement synchronously, so one cannot be interrupted mid-way. The
 * signal (run timeout, Ctrl-C) is honoured between statements instead.
 */
import { type ApplyContext, type ApplyResult, GodwitError, type PreparedStatement, type PreparedStep } from '@godwit/core';
import type { Db } from '../connection/connection.js';
import type { StoreRows } from '../store/store-sql.js';
import type { Store } from '../store/store.js';
import { storeError } from '../store/store-error.js';
import { applyOutsideTransaction } from './apply-outside-transaction.js';
import { abortedStep, migrationFailed } from './failure.js';
import { alreadyDone, historyOf, record } from './step-records.js';
import { yieldToEventLoop } from './yield.js';

export async function applyStep(store: Store, step: PreparedStep, ctx: ApplyContext): Promise<ApplyResult> {
  if (ctx.signal.aborted) throw abortedStep(step, step.statements[0], 0);
  let session: { db: Db; rows: StoreRows };
  try {
    session = store.writable();
  } catch (e) {
    throw storeError(e, `could not prepare the migration tables in ${store.connection.path}`);
  }
  return step.transactional
    ? applyInTransaction(session.db, session.rows, step, ctx)
    : applyOutsideTransaction(session.db, session.rows, step, ctx);
}

async function applyInTransaction(db: Db, rows: StoreRows, step: PreparedStep, ctx: ApplyContext): Promise<ApplyResult> {
  const { migration } = step;
  const startedAt = new Date();
  const t0 = performance.now();
  try {
    // IMMEDIATE takes the write lock now (waiting up to the busy timeout), so the re-check below
    // cannot be overtaken by another runner before we write.
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    throw storeError(e, `could not start a transaction for migration ${migration.version}`);
  }
  let current: PreparedStatement | undefined;
  let ran = 0;
  try {
    if (alreadyDone(rows, step)) {
      db.exec('ROLLBACK');
      return { status: 'skipped-concurrent', executionMs: 0 };
    }
    for (const statement of step.statements) {
      await yieldToEventLoop();
      if (ctx.signal.aborted) throw abortedStep(step, statement, ran);
      current = statement;
      db.exec(statement.text);
      ran++;
    }
    current = undefined;
    const executionMs = performance.now() - t0;
    const finishedAt = new Date();
    if (step.direction === 'up') {
      rows.upsert({ ...record(step), appliedAt: finishedAt, executionMs, appliedBy: ctx.appliedBy, dirty: false });
    } else {
      rows.remove(migration.version);
    }
    rows.appendHistory({ ...historyOf(step, ctx, startedAt), finishedAt, executionMs, success: true, error: null });
    db.exec('COMMIT');
    return { status: 'applied', executionMs: Math.round(executionMs) };
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    const error = e instanceof GodwitError ? e : current ? migrationFailed(step, current, e) : storeError(e, `could not record migration ${migration.version}`);
    appendFailedHistory(db, rows, step, ctx, startedAt, performance.now() - t0, error);
    throw error;
  }
}

/** The audit trail keeps failures too; written after the rollback, in a transaction of its own. */
function appendFailedHistory(
  db: Db,
  rows: StoreRows,
  step: PreparedStep,
  ctx: ApplyContext,
  startedAt: Date,
  executionMs: number,
  error: GodwitError,
): void {
  try {
    db.transaction(() =>
      rows.appendHistory({ ...historyOf(step, ctx, startedAt), finishedAt: new Date(), executionMs, success: false, error: error.toString() }),
    ).immediate();
  } catch {
    // The migration's own error is what the user needs; a history row that could not be written
    // (the database is locked or read-only) must not replace it.
  }
}
