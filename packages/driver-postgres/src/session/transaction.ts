/**
 * Core's `transaction(limits, fn)` on the main session: one transaction per call, BEGIN and
 * SET LOCAL sent with its first query and its held-back writes with COMMIT (see PgStepSession).
 *
 * With --single-transaction every call joins one transaction kept open for the run: BEGIN once,
 * each call's writes sent when it ends (so a failure to write them is that step's), COMMIT or
 * ROLLBACK in `finishRun`. A failure anywhere rolls back the whole run and rethrows; when the
 * server ended the run's session, the next call reports it.
 */
import { GodwitError, redactSecrets, type StatementLimits } from '@godwit/core';
import type { Session } from '../connection/connect.js';
import type { Sessions } from '../connection/sessions.js';
import { limitStatements, PgStepSession, send } from './step-session.js';

type Work<T> = (s: PgStepSession) => Promise<T>;

export function createTransactions(sessions: Sessions, o: { single: boolean; secrets: readonly string[] }) {
  /** --single-transaction: the run's open transaction, and how many steps wrote in it */
  let run: { session: Session; steps: number } | undefined;

  async function each<T>(limits: StatementLimits, fn: Work<T>): Promise<T> {
    const s = await sessions.main();
    const tx = new PgStepSession(s, sessions, ['BEGIN', ...limitStatements(limits, 'SET LOCAL')]);
    try {
      const result = await fn(tx);
      if (tx.sent || tx.writes > 0) await tx.flush('COMMIT');
      return result;
    } catch (e) {
      await rollback(s);
      throw e;
    }
  }

  async function joined<T>(limits: StatementLimits, fn: Work<T>): Promise<T> {
    const lost = run?.session.lost;
    if (lost) {
      run = undefined;
      throw lost;
    }
    const s = run?.session ?? (await sessions.main());
    const tx = new PgStepSession(s, sessions, [...(run ? [] : ['BEGIN']), ...limitStatements(limits, 'SET LOCAL')]);
    try {
      const result = await fn(tx);
      if (tx.writes > 0) await tx.flush();
      if (tx.sent) run ??= { session: s, steps: 0 };
      if (run && tx.writes > 0) run.steps++;
      return result;
    } catch (e) {
      run = undefined;
      await rollback(s);
      throw e;
    }
  }

  /** The run's transaction, closed: committed when `commit`, else rolled back. */
  async function finishRun(commit: boolean): Promise<{ kept: boolean }> {
    const open = run;
    run = undefined;
    if (!open) return { kept: commit };
    if (!commit) {
      await rollback(open.session);
      return { kept: false };
    }
    try {
      if (open.session.lost) throw open.session.lost;
      await send(open.session, ['COMMIT']);
      return { kept: true };
    } catch (e) {
      await rollback(open.session);
      const reason = redactSecrets(e instanceof Error ? e.message : String(e), o.secrets);
      throw new GodwitError('MIGRATION_FAILED', `the run's single transaction did not commit, so none of its ${open.steps} migration(s) were kept: ${reason}`, {
        hint: 'fix the cause (often a deferred constraint) and run again',
        cause: e,
      });
    }
  }

  return { transaction: o.single ? joined : each, finishRun };
}

/** Undo what is open on `s`, if anything is (a session the server ended has nothing open). */
async function rollback(s: Session): Promise<void> {
  if (s.lost || s.client.getTransactionStatus() === 'I') return;
  await send(s, ['ROLLBACK']).catch(() => undefined);
}
