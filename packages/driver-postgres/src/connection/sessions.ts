/**
 * The driver's sessions: one main session for reads and migrations (reopened if the server ended
 * it), the lock's dedicated session (owned by the locker), and short-lived ones for cancelling a
 * running statement, which has to come from another session.
 */
import { type ConnectContext, closeSession, openSession, type Session } from './connect.js';
import { assertCanSetRole } from './role.js';

export class Sessions {
  private mainSession: Promise<Session> | undefined;
  private closed = false;

  constructor(readonly ctx: ConnectContext) {}

  /** The main session, opened on first use and again after the server ended it. */
  async main(): Promise<Session> {
    if (this.closed) throw new Error('the driver was closed');
    if (this.mainSession) {
      const current = await this.mainSession.catch(() => undefined);
      if (current && !current.lost) return current;
      this.mainSession = undefined;
    }
    const opening = this.openMain();
    this.mainSession = opening;
    opening.catch(() => {
      // a failed open is reported to the caller that awaited it; the next call tries again
      if (this.mainSession === opening) this.mainSession = undefined;
    });
    return opening;
  }

  /** With `--role`, the main session is where migrations run: a role it cannot take stops it here. */
  private async openMain(): Promise<Session> {
    const session = await openSession(this.ctx);
    if (this.ctx.role === undefined) return session;
    try {
      await assertCanSetRole(session, this.ctx.role, this.ctx.secrets);
    } catch (e) {
      await closeSession(session);
      throw e;
    }
    return session;
  }

  /** A new session the caller owns (the locker's). */
  open(): Promise<Session> {
    return openSession(this.ctx);
  }

  /**
   * Ask the server to cancel whatever `pid` is running, from a session of its own. Best effort:
   * when it fails, the caller's statement simply runs to its end (or its own timeout).
   */
  async cancel(pid: number): Promise<void> {
    let session: Session | undefined;
    try {
      session = await openSession(this.ctx);
      await session.client.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      // best effort, see above
    } finally {
      await closeSession(session);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const main = this.mainSession;
    this.mainSession = undefined;
    if (main) await closeSession(await main.catch(() => undefined));
  }
}
