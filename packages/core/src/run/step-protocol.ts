/**
 * The step protocol, written once for every driver (golang-migrate keeps its dirty protocol in
 * its core too); drivers only provide the primitives of driver/contract.ts.
 *
 * A transactional step, in one transaction: re-check the store, run the statements, write the
 * version record (a down deletes it) and the history row. A failure rolls all of it back; a failed
 * history row is then appended on its own.
 *
 * A step outside a transaction (NO TRANSACTION, a file with its own BEGIN/COMMIT, every MongoDB
 * step):
 * 1. re-check, record the version dirty and open a history row (in one transaction where the
 *    driver has them);
 * 2. run the statements; after each one but the last, record how many are done, so a resume
 *    knows where to pick up;
 * 3. mark the record clean (a down deletes it) and finish the history row.
 * A failure in 2 leaves the record dirty with its progress, which blocks further runs until
 * `godwit force` states what the database really holds, or `godwit up --resume` continues it:
 * then step 1 only checks the record is still dirty and opens a history row, and 2 starts at the
 * statement after the completed ones (always statement by statement, recording progress, since
 * part of the migration is already committed).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type {
  AppliedRecord,
  ApplyContext,
  ApplyResult,
  Driver,
  NewHistoryRow,
  PreparedStatement,
  PreparedStep,
  StateChange,
  StatementLimits,
  StepSession,
} from '../driver/contract.js';
import { GodwitError } from '../errors.js';
import { type Progress, StepCancelled, stepFailure, storeFailure } from './step-failure.js';

export interface StepInput {
  driver: Driver;
  step: PreparedStep;
  ctx: ApplyContext;
  /**
   * The highest applied version below this step's, as read from the store under the lock: what
   * "undone" means in a recovery hint. Never guessed: the run read it before the step began.
   */
  previousVersion: number;
  /** migrations this run applied before this one (for --single-transaction's hint) */
  earlierInRun: number;
  /** --resume: statements 1..N completed in the failed run; the step continues at N+1 */
  resumeFrom?: number;
}

export async function applyStep(input: StepInput): Promise<ApplyResult> {
  const { driver, step, ctx } = input;
  driver.locker.assertHeld?.();
  const from = input.resumeFrom;
  if (from !== undefined && from > step.statements.length) {
    throw new GodwitError('MIGRATION_FAILED', `cannot resume migration ${step.migration.version}: the store says ${from} statement(s) completed but the file now has ${step.statements.length}`, {
      file: step.migration.file,
      version: step.migration.version,
      hint: `the file changed since the failed run; check what the database holds and record it with \`godwit force\``,
    });
  }
  const progress: Progress = { done: from ?? 0 };
  if (ctx.signal.aborted) throw stepFailure(input, new StepCancelled(), progress, step.transactional && from === undefined);
  if (from !== undefined) return outsideTransaction(input, progress);
  return step.transactional ? inTransaction(input, progress) : outsideTransaction(input, progress);
}

async function inTransaction(input: StepInput, progress: Progress): Promise<ApplyResult> {
  const { driver, step, ctx } = input;
  const { version } = step.migration;
  if (!driver.transaction) {
    throw new GodwitError('MIGRATION_FAILED', `the ${driver.name} driver prepared migration ${version} as transactional but has no transactions`, {
      file: step.migration.file,
      version,
      hint: 'this is a bug in the driver: its prepare must mark every step transactional: false',
    });
  }
  const clock = startClock();
  // What the version and history rows record; returned as is, so the run's output agrees with them.
  let executionMs = 0;
  try {
    const status = await driver.transaction(limitsOf(ctx), async (s) => {
      const record = await driver.writer.find(s, version);
      if (alreadyDone(step, record)) return 'skipped-concurrent' as const;
      await runStatements(input, s, progress);
      executionMs = clock.ms();
      if (step.direction === 'up') await driver.writer.put(s, recordOf(step, ctx, executionMs, false), record !== undefined);
      else await driver.writer.remove(s, version);
      await driver.writer.append(s, historyRow(step, ctx, clock.startedAt, { finishedAt: new Date(), executionMs, success: true, error: null }));
      return 'applied' as const;
    });
    return { status, executionMs: status === 'applied' ? executionMs : 0 };
  } catch (e) {
    const error = stepFailure(input, e, progress, true);
    // The audit trail keeps failures too: written after the rollback, on its own, best effort
    // (the migration's error is what the user needs; a lost audit row must not replace it).
    await onPlainSession(driver, (s) =>
      driver.writer.append(s, historyRow(step, ctx, clock.startedAt, { finishedAt: new Date(), executionMs: clock.ms(), success: false, error: error.toString() })),
    ).catch(() => undefined);
    throw error;
  }
}

async function outsideTransaction(input: StepInput, progress: Progress): Promise<ApplyResult> {
  const { driver, step, ctx } = input;
  const { version } = step.migration;
  const { writer } = driver;
  const clock = startClock();

  // 1. Dirty first: if this process dies half-way, the store says so and blocks the next run.
  let historyId: number | undefined;
  try {
    historyId = await bookkeeping(driver, async (s) => {
      if (input.resumeFrom !== undefined) {
        // Resuming: the record is already dirty (we hold the lock, so still ours to continue).
        const record = await writer.find(s, version);
        if (!record?.dirty) return undefined;
        const note = `resumed at statement ${input.resumeFrom + 1} of ${step.statements.length}`;
        return writer.open(s, {
          ...historyRow(step, ctx, clock.startedAt, { finishedAt: null, executionMs: null, success: false, error: null }),
          note: ctx.note ? `${ctx.note}; ${note}` : note,
        });
      }
      if (writer.markDirty) {
        // One conditional write where the driver has one; the record a down marks is the one there.
        if ((await writer.markDirty(s, recordOf(step, ctx, 0, true), step.direction)) === 'already-done') return undefined;
      } else {
        const record = await writer.find(s, version);
        if (alreadyDone(step, record)) return undefined;
        const dirty = step.direction === 'up' ? recordOf(step, ctx, 0, true) : { ...record!, dirty: true };
        await writer.put(s, dirty, record !== undefined);
      }
      return writer.open(s, historyRow(step, ctx, clock.startedAt, { finishedAt: null, executionMs: null, success: false, error: null }));
    });
  } catch (e) {
    throw storeFailure(input, e, 'before');
  }
  if (historyId === undefined) return { status: 'skipped-concurrent', executionMs: 0 };
  const id = historyId;

  // 2. The statements, each committing on its own.
  try {
    const session = await driver.session(limitsOf(ctx));
    let ended = false;
    try {
      await runStatements(input, session, progress, (done) => writer.progress(session, version, done));
      ended = true;
      const { leftOpen } = await session.end();
      if (leftOpen) {
        progress.current = undefined;
        throw new GodwitError('MIGRATION_FAILED', 'the migration left a transaction open (BEGIN without COMMIT); it was rolled back', {
          file: step.migration.file,
          version,
        });
      }
    } finally {
      if (!ended) await session.end().catch(() => undefined);
    }
  } catch (e) {
    const error = stepFailure(input, e, progress, false);
    await bookkeeping(driver, (s) =>
      writer.finish(s, id, { finishedAt: new Date(), executionMs: clock.ms(), success: false, error: error.toString() }),
    ).catch(() => undefined); // the dirty record already tells the next run something is wrong
    throw error;
  }

  // 3. Clean.
  const executionMs = clock.ms();
  try {
    await bookkeeping(driver, async (s) => {
      if (step.direction === 'up') await writer.put(s, recordOf(step, ctx, executionMs, false), true);
      else await writer.remove(s, version);
      await writer.finish(s, id, { finishedAt: new Date(), executionMs, success: true, error: null });
    });
  } catch (e) {
    throw storeFailure(input, e, 'after');
  }
  return { status: 'applied', executionMs };
}

/** force and skip: bookkeeping without running anything, in one transaction where there is one. */
export async function writeState(driver: Driver, change: StateChange, ctx: ApplyContext): Promise<void> {
  driver.locker.assertHeld?.();
  const now = new Date();
  try {
    await bookkeeping(driver, async (s) => {
      // Removals, then records, then the audit rows: without a transaction, the order that
      // leaves the most truthful state if interrupted.
      for (const version of change.remove) await driver.writer.remove(s, version);
      for (const u of change.upsert) {
        await driver.writer.put(s, { ...u, appliedAt: now, executionMs: 0, appliedBy: ctx.appliedBy, dirty: false }, undefined);
      }
      for (const { note, ...h } of change.history) {
        await driver.writer.append(s, {
          ...h,
          startedAt: now,
          finishedAt: now,
          executionMs: 0,
          success: true,
          error: null,
          appliedBy: ctx.appliedBy,
          toolVersion: ctx.toolVersion,
          note: [ctx.note, note].filter(Boolean).join('; ') || null,
        });
      }
    });
  } catch (e) {
    if (e instanceof GodwitError) throw e;
    const facts = driver.describeError(e);
    throw new GodwitError('STORE_ERROR', `could not write the migration state on ${driver.target}: ${facts.message}`, {
      hint: [facts.advice, 'nothing was recorded; check the connection and that the user may write the store, then run the command again']
        .filter(Boolean)
        .join(' '),
      ...(facts.data && { data: facts.data }),
      cause: e,
    });
  }
}

/**
 * The statements in order. Before each, the event loop gets a turn (better-sqlite3 is
 * synchronous: without it a time limit or Ctrl-C could never be seen before the step ends) and
 * the signal is checked.
 */
async function runStatements(
  input: StepInput,
  s: StepSession,
  progress: Progress,
  recordProgress?: (done: number) => Promise<void>,
): Promise<void> {
  const { statements } = input.step;
  const { signal } = input.ctx;
  for (let i = progress.done; i < statements.length; i++) {
    const statement: PreparedStatement = statements[i]!;
    await nextTurn();
    progress.current = statement;
    if (signal.aborted) throw new StepCancelled();
    await s.exec(statement, signal);
    progress.done = i + 1;
    // The last statement's progress is the clean mark itself.
    if (recordProgress && i < statements.length - 1) await recordProgress(i + 1);
  }
  progress.current = undefined;
}

/** Bookkeeping: inside one transaction where the driver has them, else on a plain session. */
function bookkeeping<T>(driver: Driver, fn: (s: StepSession) => Promise<T>): Promise<T> {
  return driver.transaction ? driver.transaction({}, fn) : onPlainSession(driver, fn);
}

async function onPlainSession<T>(driver: Driver, fn: (s: StepSession) => Promise<T>): Promise<T> {
  const s = await driver.session({});
  try {
    return await fn(s);
  } finally {
    await s.end().catch(() => undefined);
  }
}

/** Another runner already did this step (we hold the lock now, so the answer is final). */
function alreadyDone(step: PreparedStep, record: AppliedRecord | undefined): boolean {
  return step.direction === 'up' ? record !== undefined : record === undefined;
}

function recordOf(step: PreparedStep, ctx: ApplyContext, executionMs: number, dirty: boolean): AppliedRecord {
  const { version, name, checksum } = step.migration;
  return { version, name, checksum, appliedAt: new Date(), executionMs, appliedBy: ctx.appliedBy, dirty };
}

function historyRow(
  step: PreparedStep,
  ctx: ApplyContext,
  startedAt: Date,
  outcome: Pick<NewHistoryRow, 'finishedAt' | 'executionMs' | 'success' | 'error'>,
): NewHistoryRow {
  return {
    version: step.migration.version,
    name: step.migration.name,
    direction: step.direction,
    startedAt,
    ...outcome,
    appliedBy: ctx.appliedBy,
    toolVersion: ctx.toolVersion,
    note: ctx.note ?? null,
  };
}

function limitsOf(ctx: ApplyContext): StatementLimits {
  return {
    ...(ctx.statementTimeoutMs ? { statementTimeoutMs: ctx.statementTimeoutMs } : {}),
    ...(ctx.lockTimeoutMs ? { lockTimeoutMs: ctx.lockTimeoutMs } : {}),
  };
}

function startClock() {
  const startedAt = new Date();
  const t0 = performance.now();
  return { startedAt, ms: () => Math.round(performance.now() - t0) };
}
