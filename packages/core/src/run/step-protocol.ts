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
 *
 * A batched backfill (`PreparedStatement.batch`, only ever outside a transaction) runs through
 * batch/run-batches.ts: batch after batch, the rows done stored after each (`batchProgress`), so
 * a resume continues with the next batch and counts from the stored rows; the history row's note
 * says how many rows the backfills touched.
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
import { runBatches } from '../batch/index.js';
import { GodwitError } from '../errors.js';
import type { MigrationLimits } from '../migration.js';
import { retryPolicyOf, withLockRetries } from './lock-retry.js';
import { type Progress, StepCancelled, stepFailure, storeFailure } from './step-failure.js';
import type { StepInput } from './step-input.js';

export type { StepInput } from './step-input.js';

/** A step's batched backfills so far: where a resumed one starts, and what the history row says. */
interface BatchTally {
  /** rows the killed run's backfill had done (the store's rowsDone), used by the first statement run */
  resumeRows: number;
  rows: number;
  batches: number;
}

export async function applyStep(given: StepInput): Promise<ApplyResult> {
  // The migration's own `-- +godwit lock_timeout=... statement_timeout=...` win over the config's
  // defaults for every migration, which win over the run's flags.
  const input = { ...given, ctx: withMigrationLimits(given.ctx, limitsFor(given)) };
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
  const progress: Progress = { done: from ?? 0, retry: { tries: 1 } };
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
    // A transactional migration that gave up waiting for a lock is rolled back whole, so it is
    // retried whole (`retries=N`).
    const status = await retrying(input, progress, () => driver.transaction!(limitsOf(ctx), async (s) => {
      progress.done = 0;
      progress.current = undefined;
      const record = await driver.writer.find(s, version);
      if (alreadyDone(step, record)) return 'skipped-concurrent' as const;
      await runStatements(input, s, progress);
      executionMs = clock.ms();
      if (step.direction === 'up') await driver.writer.put(s, recordOf(step, ctx, executionMs, false), record !== undefined);
      else await driver.writer.remove(s, version);
      await driver.writer.append(s, historyRow(step, ctx, clock.startedAt, { finishedAt: new Date(), executionMs, success: true, error: null }));
      return 'applied' as const;
    }));
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
  const tally: BatchTally = { resumeRows: 0, rows: 0, batches: 0 };
  try {
    historyId = await bookkeeping(driver, async (s) => {
      if (input.resumeFrom !== undefined) {
        // Resuming: the record is already dirty (we hold the lock, so still ours to continue).
        const record = await writer.find(s, version);
        if (!record?.dirty) return undefined;
        tally.resumeRows = record.rowsDone ?? 0;
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
      await runStatements(input, session, progress, (done) => writer.progress(session, version, done), tally);
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
      await writer.finish(s, id, { finishedAt: new Date(), executionMs, success: true, error: null, ...batchNote(input, tally) });
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
  tally?: BatchTally,
): Promise<void> {
  const { statements } = input.step;
  const { signal } = input.ctx;
  const first = progress.done;
  for (let i = progress.done; i < statements.length; i++) {
    const statement: PreparedStatement = statements[i]!;
    await nextTurn();
    progress.current = statement;
    if (signal.aborted) throw new StepCancelled();
    // Outside a transaction each statement commits on its own: one that gave up waiting for a
    // lock did nothing, so it alone is tried again. Inside one, the whole transaction is.
    if (statement.batch) await runBatched(input, s, progress, statement, tally, i === first ? (tally?.resumeRows ?? 0) : 0);
    else if (recordProgress) await retrying(input, progress, () => s.exec(statement, signal));
    else await s.exec(statement, signal);
    progress.done = i + 1;
    // The last statement's progress is the clean mark itself.
    if (recordProgress && i < statements.length - 1) await recordProgress(i + 1);
  }
  progress.current = undefined;
}

/** One batched backfill: batches until one touches no row (batch/run-batches.ts), each batch retried alone on a lock timeout. */
async function runBatched(
  input: StepInput,
  s: StepSession,
  progress: Progress,
  statement: PreparedStatement,
  tally: BatchTally | undefined,
  startRows: number,
): Promise<void> {
  const { driver, step, ctx } = input;
  const { version } = step.migration;
  const execBatch = s.execBatch?.bind(s);
  if (!execBatch || !tally || !statement.batch) {
    // prepare and the runner make this impossible; say so rather than run one huge statement
    throw new GodwitError('MIGRATION_FAILED', `the ${driver.name} driver cannot run a batched statement here (it needs a plain session with execBatch)`, {
      file: statement.file,
      line: statement.line,
      version,
      hint: 'this is a bug in the driver or the runner: a batched statement must run outside a transaction',
    });
  }
  const outcome = await runBatches({
    spec: statement.batch,
    signal: ctx.signal,
    startRows,
    estimate: async () => s.estimateBatch?.(statement, ctx.signal),
    runBatch: () => retrying(input, progress, () => execBatch(statement, ctx.signal)),
    record: async (rows) => driver.writer.batchProgress?.(s, version, rows),
    report: (r) => input.onBatch?.(r),
  });
  tally.rows += outcome.rowsDone;
  tally.batches += outcome.batches;
}

/** The history note of a step that ran batched backfills: the rows they touched. */
function batchNote(input: StepInput, tally: BatchTally): { note?: string } {
  if (!input.step.statements.some((st) => st.batch)) return {};
  const rows = `batched: ${tally.rows} row(s) touched (${tally.batches} batch(es) in this run)`;
  const resumed = input.resumeFrom !== undefined ? `resumed at statement ${input.resumeFrom + 1} of ${input.step.statements.length}` : undefined;
  return { note: [input.ctx.note, resumed, rows].filter(Boolean).join('; ') };
}

function retrying<T>(input: StepInput, progress: Progress, attempt: () => Promise<T>): Promise<T> {
  const { driver, step, ctx } = input;
  progress.retry ??= { tries: 1 };
  const state = progress.retry;
  return withLockRetries(
    driver,
    { version: step.migration.version, policy: retryPolicyOf(limitsFor(input)), signal: ctx.signal, state, ...(input.onRetry && { onRetry: input.onRetry }) },
    attempt,
  );
}

/** The step's limits: the config's defaults for every migration, under the migration's own directive. */
function limitsFor(input: StepInput): MigrationLimits | undefined {
  const defaults = input.ctx.migrationDefaults;
  const own = input.step.migration.limits;
  return defaults ? { ...defaults, ...own } : own;
}

function withMigrationLimits(ctx: ApplyContext, limits: MigrationLimits | undefined): ApplyContext {
  if (!limits) return ctx;
  return {
    ...ctx,
    ...(limits.lockTimeoutMs !== undefined && { lockTimeoutMs: limits.lockTimeoutMs }),
    ...(limits.statementTimeoutMs !== undefined && { statementTimeoutMs: limits.statementTimeoutMs }),
  };
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
