/**
 * Core's `session(limits)`: the main session outside any transaction, for steps that cannot run
 * in one (CREATE INDEX CONCURRENTLY, a file with its own BEGIN/COMMIT). Its limits are set for the
 * session and reset by `end`, which also rolls back a transaction the migration's own BEGIN left
 * open: pg's transaction status (from the server's ReadyForQuery) says whether there is one.
 * With --role it also gives the session back to the login (step-session.ts).
 */
import type { PlainSession, StatementLimits } from '@godwit/core';
import type { Sessions } from '../connection/sessions.js';
import { limitStatements, PgStepSession } from './step-session.js';

export async function openPlainSession(sessions: Sessions, limits: StatementLimits): Promise<PgStepSession & PlainSession> {
  const s = new PgStepSession(await sessions.main(), sessions);
  const settings = limitStatements(limits, 'SET');
  if (settings.length > 0) await s.send(settings);
  return Object.assign(s, {
    async end() {
      if (s.session.lost) return { leftOpen: false }; // the server rolled back with the session
      const status = s.session.client.getTransactionStatus(); // 'I' idle, 'T' in a transaction, 'E' a failed one
      const leftOpen = status === 'T' || status === 'E';
      const resets = settings.length > 0 ? ['RESET statement_timeout', 'RESET lock_timeout'] : [];
      // --role: the next store read on this session is the login's again.
      const statements = [...(leftOpen ? ['ROLLBACK'] : []), ...resets, ...s.leaveRole()];
      settings.length = 0;
      if (statements.length > 0) await s.send(statements);
      return { leftOpen };
    },
  });
}
