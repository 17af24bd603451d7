/**
 * How a failed step is reported: the database's words (through the driver's describeError), where
 * in the file, and what to do next. The recovery hint is core's, so it is the same on every
 * driver, and it names only versions the run read from the store: the step's own, and the one
 * below it that the run saw applied.
 */
import type { PreparedStatement } from '../driver/contract.js';
import { GodwitError } from '../errors.js';
import { asWritten } from '../source/envsub.js';
import type { RetryState } from './lock-retry.js';
import type { StepInput } from './step-input.js';

/** The run's signal fired between statements: the step stops, and the signal says why. */
export class StepCancelled extends Error {
  constructor() {
    super('cancelled between statements');
    this.name = 'StepCancelled';
  }
}

/** Where a step got to: the statement running, how many completed, and its lock retries. */
export interface Progress {
  current?: PreparedStatement;
  done: number;
  retry?: RetryState;
}

export function stepFailure(input: StepInput, e: unknown, progress: Progress, transactional: boolean): GodwitError {
  const { driver, step, ctx } = input;
  const { version } = step.migration;
  const statement = progress.current;
  const total = step.statements.length;
  const recovery = transactional ? rolledBack(input) : dirtyRecovery(input, progress);
  const where = {
    file: statement?.file ?? step.migration.file,
    ...(statement && { line: statement.line, column: statement.column }),
    version,
  };
  const shown = (text: string) => asWritten(text, step.substitutions);

  if (ctx.signal.aborted) {
    const at = statement ? ` at ${statement.file}:${statement.line}` : ' before its first statement';
    return new GodwitError('ABORTED', `migration ${version} was cancelled${at}, after ${progress.done} of ${total} statement(s)`, {
      ...where,
      hint: recovery,
      ...(!(e instanceof StepCancelled) && { cause: e }),
    });
  }
  if (e instanceof GodwitError) {
    // A driver's or the protocol's own error (a lost lock, a transaction left open): add the
    // recovery when it has none.
    if (e.hint !== undefined) return e;
    return new GodwitError(e.code, e.message, { ...where, ...locationOf(e), hint: recovery, ...(e.data && { data: e.data }), cause: e });
  }

  const facts = driver.describeError(e, statement);
  const message = shown(facts.sessionLost ? `the database ended the session while running migration ${version} (${facts.message})` : facts.message) + lockWait(progress.retry);
  const hint = [facts.detail && shown(facts.detail), facts.advice, recovery].filter(Boolean).join(' ');
  return new GodwitError('MIGRATION_FAILED', message, {
    ...where,
    ...(facts.line !== undefined && { line: facts.line }),
    ...(facts.column !== undefined && { column: facts.column }),
    hint,
    data: {
      ...facts.data,
      statementsDone: progress.done,
      statements: total,
      ...(progress.retry?.lockTimeout && { tries: progress.retry.tries, ...(progress.retry.holders && { lockHolders: progress.retry.holders }) }),
      // As written in the file: `${VAR}` stays, an ENVSUB value never appears.
      ...(statement && { statement: clip(shown(statement.text)) }),
    },
    cause: e,
  });
}

/**
 * The store could not be written around a step that runs outside a transaction: `before` the
 * statements (nothing ran) or `after` them (they all ran, the record still says dirty).
 */
export function storeFailure(input: StepInput, e: unknown, when: 'before' | 'after'): GodwitError {
  const { driver, step } = input;
  const { version } = step.migration;
  const facts = e instanceof GodwitError ? { message: e.message, advice: e.hint, data: e.data } : driver.describeError(e);
  const where = { file: step.migration.file, version, cause: e, ...(facts.data && { data: facts.data }) };
  const hint = (next: string) => [facts.advice, next].filter(Boolean).join(' ');
  if (when === 'before') {
    return new GodwitError('STORE_ERROR', `could not record migration ${version} as started: ${facts.message}`, {
      ...where,
      hint: hint(`none of migration ${version} ran; check the connection, then run \`godwit status\` to see the state before running again`),
    });
  }
  return new GodwitError('STORE_ERROR', `migration ${version} ran, but could not be recorded as finished (the store still says dirty): ${facts.message}`, {
    ...where,
    hint: hint(`every statement of migration ${version} completed; once the database is reachable, record that with \`godwit force ${version}\``),
  });
}

function rolledBack(input: StepInput): string {
  const { step, earlierInRun, driver } = input;
  const { version } = step.migration;
  if (driver.capabilities.oneTransactionPerRun && earlierInRun > 0) {
    return `--single-transaction: the ${earlierInRun} migration(s) applied before it in this run were rolled back too, so the database is as it was before the run; fix it and run again`;
  }
  const undone = step.direction === 'up' ? 'left no trace' : 'is still applied';
  return `fix the statement and run again; migration ${version} was rolled back and ${undone}`;
}

function dirtyRecovery(input: StepInput, progress: Progress): string {
  const { step, previousVersion } = input;
  const { version } = step.migration;
  const total = step.statements.length;
  const force =
    step.direction === 'up'
      ? `"godwit force ${version}" if you completed it, or "godwit force ${previousVersion}" if you undid it`
      : `"godwit force ${previousVersion}" if you completed the rollback, or "godwit force ${version}" if you undid it`;
  return (
    `migration ${version} runs outside a transaction and stopped after ${progress.done} of ${total} statement(s), so version ${version} is recorded dirty: ` +
    `check what took effect and finish or undo it by hand, then record the real state with ${force}, and run again` +
    (step.direction === 'up' ? `; or fix the cause and run "godwit up --resume" to continue at statement ${progress.done + 1}` : '')
  );
}

/** `(gave up after 3 tries; lock held by pid 42 (...))`: how long it kept trying, and who was in the way. */
function lockWait(retry: RetryState | undefined): string {
  if (!retry?.lockTimeout) return '';
  const tries = `${retry.tries} ${retry.tries === 1 ? 'try' : 'tries'}`;
  return ` (gave up after ${tries}; ${retry.holders ? `lock held by ${retry.holders}` : 'the database did not say which session held the lock'})`;
}

function locationOf(e: GodwitError) {
  return {
    ...(e.file !== undefined && { file: e.file }),
    ...(e.line !== undefined && { line: e.line }),
    ...(e.column !== undefined && { column: e.column }),
  };
}

function clip(text: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}...` : text;
}
