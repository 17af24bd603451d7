/**
 * Running one prepared step on the main session.
 * - Transactional: BEGIN, SET LOCAL timeouts and the re-check of the store row in one round trip;
 *   then each statement on its own (so a failure names its statement); then the store row, the
 *   history row and COMMIT in one round trip. A failure rolls everything back, then appends a
 *   failed history row in its own transaction.
 * - Not transactional: the store row is written dirty (with an open history row) first, the
 *   statements run one by one, then the row is made clean; a failure leaves it dirty.
 * - singleTransaction: like transactional, but BEGIN happens once for the run and COMMIT when the
 *   runner releases the lock (see SingleTransaction), so a failure anywhere keeps nothing.
 * A cancelled run (ctx.signal) cancels the running statement on the server from another session.
 */
import { type ApplyContext, type ApplyResult, GodwitError, type PreparedStatement, type PreparedStep } from '@godwit/core';
import type pg from 'pg';
import type { Session } from '../connection/connect.js';
import type { Sessions } from '../connection/sessions.js';
import { abortError } from '../lock/advisory-locker.js';
import {
  deleteRecordSql,
  finishHistorySql,
  type HistoryValues,
  insertHistorySql,
  markDirtySql,
  recheckSql,
  type StoreNames,
  upsertRecordSql,
} from '../store/store-sql.js';
import { migrationFailure, sessionEnded } from './failure.js';

/** The run-wide transaction of `singleTransaction`; `session` is set while it is open. */
export interface SingleTransaction {
  session?: Session;
  /** steps done inside it so far (for the message when it is rolled back) */
  steps: number;
}

export interface ApplyDeps {
  sessions: Sessions;
  names: StoreNames;
  secrets: readonly string[];
  /** throws when the run's lock has been lost */
  assertLocked: () => void;
  single?: SingleTransaction;
}

const LEFT_NO_TRACE = 'this migration left no trace; fix it and run the command again';

export async function applyStep(deps: ApplyDeps, step: PreparedStep, ctx: ApplyContext): Promise<ApplyResult> {
  if (ctx.signal.aborted) throw abortError(ctx.signal);
  deps.assertLocked();
  if (deps.single) return applyInRunTransaction(deps, deps.single, step, ctx);
  return step.transactional ? applyTransactional(deps, step, ctx) : applyOutsideTransaction(deps, step, ctx);
}

async function applyTransactional(deps: ApplyDeps, step: PreparedStep, ctx: ApplyContext): Promise<ApplyResult> {
  const started = new Date();
  const s = await deps.sessions.main();
  let current: PreparedStatement | undefined;
  try {
    const recheck = await multi(s.client, ['BEGIN', ...timeouts(ctx, 'LOCAL'), recheckSql(deps.names, step.migration.version, true)]);
    if (alreadyDone(step, recheck)) {
      await s.client.query('ROLLBACK');
      return { status: 'skipped-concurrent', executionMs: 0 };
    }
    for (const statement of step.statements) {
      current = statement;
      await runStatement(deps, s, statement.text, ctx.signal);
    }
    current = undefined;
    const ms = Date.now() - started.getTime();
    await multi(s.client, [...recordSql(deps.names, step, ctx, ms), insertHistorySql(deps.names, historyRow(step, ctx, started, ms, null)), 'COMMIT']);
    return { status: 'applied', executionMs: ms };
  } catch (e) {
    await rollback(s, e);
    throw await failed(deps, step, ctx, started, e, current, LEFT_NO_TRACE);
  }
}

async function applyInRunTransaction(deps: ApplyDeps, single: SingleTransaction, step: PreparedStep, ctx: ApplyContext): Promise<ApplyResult> {
  const started = new Date();
  if (single.session?.lost) {
    const lost = single.session.lost;
    single.session = undefined;
    throw migrationFailure(lost, {
      step,
      recovery: `the server rolled back the run's single transaction, so none of its ${single.steps} earlier migration(s) were kept; run the command again`,
      secrets: deps.secrets,
    });
  }
  const s = single.session ?? (await deps.sessions.main());
  let current: PreparedStatement | undefined;
  try {
    const opening = single.session ? [] : ['BEGIN'];
    single.session = s;
    const recheck = await multi(s.client, [...opening, ...timeouts(ctx, 'LOCAL'), recheckSql(deps.names, step.migration.version, true)]);
    if (alreadyDone(step, recheck)) return { status: 'skipped-concurrent', executionMs: 0 };
    for (const statement of step.statements) {
      current = statement;
      await runStatement(deps, s, statement.text, ctx.signal);
    }
    current = undefined;
    const ms = Date.now() - started.getTime();
    await multi(s.client, [...recordSql(deps.names, step, ctx, ms), insertHistorySql(deps.names, historyRow(step, ctx, started, ms, null))]);
    single.steps++;
    return { status: 'applied', executionMs: ms };
  } catch (e) {
    const earlier = single.steps;
    single.session = undefined;
    single.steps = 0;
    await rollback(s, e);
    const recovery =
      earlier > 0
        ? `--single-transaction: the ${earlier} migration(s) applied before it in this run were rolled back too, so the database is as it was before the run; fix it and run again`
        : LEFT_NO_TRACE;
    throw await failed(deps, step, ctx, started, e, current, recovery);
  }
}

async function applyOutsideTransaction(deps: ApplyDeps, step: PreparedStep, ctx: ApplyContext): Promise<ApplyResult> {
  const started = new Date();
  const { version } = step.migration;
  const s = await deps.sessions.main();
  const existing = await s.client.query<{ dirty: boolean }>(recheckSql(deps.names, version, false));
  const row = existing.rows[0];
  if (step.direction === 'up' ? row !== undefined && !row.dirty : row === undefined) {
    return { status: 'skipped-concurrent', executionMs: 0 };
  }
  // Dirty first: if this process dies half-way, the store says so and blocks the next run.
  const markDirty =
    step.direction === 'up'
      ? upsertRecordSql(deps.names, { ...recordValues(step, ctx, 0), dirty: true })
      : markDirtySql(deps.names, version);
  const opened = await multi(s.client, [markDirty, insertHistorySql(deps.names, { ...historyRow(step, ctx, started, null, null), finished: false }, true)]);
  const historyId = String((opened.rows[0] as { id?: string } | undefined)?.id ?? '0');
  const settings = timeouts(ctx, 'SESSION');
  let current: PreparedStatement | undefined;
  try {
    if (settings.length > 0) await multi(s.client, settings);
    for (const statement of step.statements) {
      current = statement;
      await runStatement(deps, s, statement.text, ctx.signal);
    }
    current = undefined;
    const ms = Date.now() - started.getTime();
    await multi(s.client, [
      ...(settings.length > 0 ? ['RESET statement_timeout', 'RESET lock_timeout'] : []),
      ...recordSql(deps.names, step, ctx, ms),
      finishHistorySql(deps.names, historyId, ms, null),
    ]);
    return { status: 'applied', executionMs: ms };
  } catch (e) {
    // A file that manages its own transaction may have failed inside it.
    await rollback(s, e);
    const recovery =
      `the store is dirty at version ${version}: check which of its statements took effect and finish or undo them by hand, ` +
      `then record the real state with \`godwit force <version>\` (${version} if it is complete, the version before it if undone)`;
    const error = mapError(deps, step, e, current, recovery, ctx.signal);
    await record(deps, async (c) => {
      const reset = settings.length > 0 ? 'RESET statement_timeout; RESET lock_timeout; ' : '';
      await c.query(reset + finishHistorySql(deps.names, historyId, Date.now() - started.getTime(), error.message));
    });
    throw error;
  }
}

/** Run one statement, cancelling it on the server if the run is cancelled meanwhile. */
async function runStatement(deps: ApplyDeps, s: Session, sql: string, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw abortError(signal);
  const onAbort = () => void deps.sessions.cancel(s.pid);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await s.client.query(sql);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Statements joined into one simple-protocol round trip; the last statement's result. */
async function multi(client: pg.Client, statements: string[]): Promise<pg.QueryResult> {
  const result = (await client.query(statements.join(';\n'))) as pg.QueryResult | pg.QueryResult[];
  return Array.isArray(result) ? result[result.length - 1]! : result;
}

function timeouts(ctx: ApplyContext, scope: 'LOCAL' | 'SESSION'): string[] {
  const set = scope === 'LOCAL' ? 'SET LOCAL' : 'SET';
  const out: string[] = [];
  if (ctx.statementTimeoutMs) out.push(`${set} statement_timeout = ${Math.ceil(ctx.statementTimeoutMs)}`);
  if (ctx.lockTimeoutMs) out.push(`${set} lock_timeout = ${Math.ceil(ctx.lockTimeoutMs)}`);
  return out;
}

/** Another runner already did this step (we hold the lock now, so the answer is final). */
function alreadyDone(step: PreparedStep, recheck: pg.QueryResult): boolean {
  const exists = recheck.rows.length > 0;
  return step.direction === 'up' ? exists : !exists;
}

function recordValues(step: PreparedStep, ctx: ApplyContext, ms: number) {
  const m = step.migration;
  return { version: m.version, name: m.name, checksum: m.checksum, executionMs: ms, appliedBy: ctx.appliedBy, dirty: false };
}

function recordSql(names: StoreNames, step: PreparedStep, ctx: ApplyContext, ms: number): string[] {
  return step.direction === 'up'
    ? [upsertRecordSql(names, recordValues(step, ctx, ms))]
    : [deleteRecordSql(names, step.migration.version)];
}

function historyRow(step: PreparedStep, ctx: ApplyContext, started: Date, ms: number | null, error: string | null): HistoryValues {
  return {
    version: step.migration.version,
    name: step.migration.name,
    direction: step.direction,
    startedAt: started,
    finished: true,
    executionMs: ms,
    success: error === null && ms !== null,
    error,
    appliedBy: ctx.appliedBy,
    toolVersion: ctx.toolVersion,
    note: ctx.note ?? null,
  };
}

async function rollback(s: Session, cause: unknown): Promise<void> {
  if (sessionEnded(cause)) s.lost ??= cause as Error;
  if (s.lost) return; // the server rolled back with the session
  await s.client.query('ROLLBACK').catch(() => undefined);
}

function mapError(
  deps: ApplyDeps,
  step: PreparedStep,
  e: unknown,
  statement: PreparedStatement | undefined,
  recovery: string,
  signal: AbortSignal,
): GodwitError {
  if (signal.aborted) {
    const reason = abortError(signal);
    const message = `migration ${step.migration.version} was cancelled on the server: ${reason.message}`;
    return new GodwitError(reason.code, message, {
      file: statement?.file ?? step.migration.file,
      ...(statement && { line: statement.line, column: statement.column }),
      version: step.migration.version,
      hint: step.transactional ? 'the migration was rolled back and left no trace; run the command again to continue' : recovery,
      cause: e,
    });
  }
  if (e instanceof GodwitError) return e;
  return migrationFailure(e, { step, ...(statement && { statement }), recovery, secrets: deps.secrets });
}

/** The failed history row, in its own transaction (on a new session if the old one died). */
async function failed(
  deps: ApplyDeps,
  step: PreparedStep,
  ctx: ApplyContext,
  started: Date,
  e: unknown,
  statement: PreparedStatement | undefined,
  recovery: string,
): Promise<GodwitError> {
  const error = mapError(deps, step, e, statement, recovery, ctx.signal);
  const ms = Date.now() - started.getTime();
  await record(deps, (c) => c.query(insertHistorySql(deps.names, { ...historyRow(step, ctx, started, ms, error.message), success: false })));
  return error;
}

/** Best-effort bookkeeping after a failure: it must never replace the failure being reported. */
async function record(deps: ApplyDeps, write: (c: pg.Client) => Promise<unknown>): Promise<void> {
  try {
    const s = await deps.sessions.main();
    await write(s.client);
  } catch {
    // the audit row is lost; the error itself still reaches the user
  }
}
