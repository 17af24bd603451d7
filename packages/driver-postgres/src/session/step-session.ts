/**
 * Core's StepSession on one pg session. Inside a transaction it holds back what need not be sent
 * yet: the opening (BEGIN, SET LOCAL) goes with the first query, and writes that return nothing go
 * with the next query or with COMMIT. So a transactional step costs one round trip to open and
 * re-check, one per statement, and one to record and commit. On a plain session nothing waits.
 *
 * With `--role`, the migration's statements run as that role and the store's reads and writes as
 * the login (connection/role.ts): the session switches before a statement and back before a store
 * query or write. Inside a transaction the switch is `SET LOCAL` (gone at COMMIT or ROLLBACK) and
 * travels with what is held back; it costs one round trip per step, before its first statement.
 */
import type { PreparedStatement, StatementLimits, StepSession } from '@godwit/core';
import type pg from 'pg';
import type { Session } from '../connection/connect.js';
import type { Sessions } from '../connection/sessions.js';
import { roleStatement } from '../connection/role.js';
import { sessionEnded } from './describe-error.js';
import { estimateRemaining } from '../batch/estimate.js';
import type { PgBatchSql } from '../batch/rewrite.js';
import type { StatementPayload } from '../part/part-statement.js';

/** The rewritten SQL prepare put on a batched statement. */
function batchOf(statement: PreparedStatement): PgBatchSql {
  const batch = (statement.payload as StatementPayload | undefined)?.batch;
  if (!batch) throw new Error(`statement at ${statement.file}:${statement.line} is not a prepared batch`);
  return batch;
}

export class PgStepSession implements StepSession {
  /** writes it was given (held back or sent) */
  writes = 0;
  /** whether anything reached the server */
  sent = false;
  /** whether the session is switched to the role; undefined when not known (a fresh session object) */
  private asRole: boolean | undefined;

  constructor(
    readonly session: Session,
    private readonly sessions: Sessions,
    /** what opens its transaction (BEGIN, SET LOCAL); undefined on a plain session */
    private held?: string[],
  ) {}

  get inTransaction(): boolean {
    return this.held !== undefined;
  }

  /** A query whose rows are needed now, sent after whatever is held back, in one round trip. */
  async query<R extends pg.QueryResultRow>(sql: string): Promise<pg.QueryResult<R>> {
    const results = await this.send([...this.take(), ...this.switchRole(false), sql]);
    return results[results.length - 1] as pg.QueryResult<R>;
  }

  /** A write that returns nothing: held back inside a transaction, sent at once otherwise. */
  async write(sql: string): Promise<void> {
    this.writes++;
    const asLogin = this.switchRole(false);
    if (this.held) this.held.push(...asLogin, sql);
    else await this.send([...asLogin, sql]);
  }

  /** Send whatever is held back, then `last` (COMMIT), in one round trip. */
  async flush(last?: string): Promise<void> {
    const statements = [...this.take(), ...(last === undefined ? [] : [last])];
    if (statements.length > 0) await this.send(statements);
  }

  /**
   * One statement of a migration, sent alone so the server's error position is within it, and
   * cancelled on the server (from another session) when `signal` fires.
   */
  async exec(statement: PreparedStatement, signal: AbortSignal): Promise<void> {
    await this.asMigration(statement.text, signal);
  }

  /**
   * One batch of a batched backfill (batch/rewrite.ts made its SQL): a statement of its own on a
   * plain session, so it commits alone and holds its row locks only while it runs.
   */
  async execBatch(statement: PreparedStatement, signal: AbortSignal): Promise<number> {
    const result = await this.asMigration(batchOf(statement).batchSql, signal);
    return result.rowCount ?? 0;
  }

  /** Rows the backfill has left (batch/estimate.ts), read as the migration's role. */
  estimateBatch(statement: PreparedStatement, signal: AbortSignal): Promise<number | undefined> {
    return estimateRemaining(batchOf(statement), async (sql) => (await this.asMigration(sql, signal)).rows);
  }

  /** SQL sent as the migration (its role, cancelled with `signal`), its result returned. */
  private async asMigration(sql: string, signal: AbortSignal): Promise<pg.QueryResult> {
    const opening = [...this.take(), ...this.switchRole(true)];
    if (opening.length > 0) await this.send(opening);
    if (signal.aborted) throw new Error('cancelled');
    const onAbort = () => void this.sessions.cancel(this.session.pid);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const results = await this.send([sql]);
      return results[results.length - 1]!;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  send(statements: string[]): Promise<pg.QueryResult[]> {
    this.sent = true;
    return send(this.session, statements);
  }

  /** The statement that puts the session in the wanted role, if it is not there already (none without --role). */
  private switchRole(toRole: boolean): string[] {
    const { role } = this.sessions.ctx;
    if (role === undefined || this.asRole === toRole) return [];
    this.asRole = toRole;
    return [roleStatement(role, toRole, this.inTransaction)];
  }

  /** Back to the login for good (a plain session's end); nothing to do without --role. */
  leaveRole(): string[] {
    if (this.sessions.ctx.role === undefined) return [];
    this.asRole = false;
    return [roleStatement(this.sessions.ctx.role, false, false)];
  }

  private take(): string[] {
    const out = this.held ?? [];
    if (this.held) this.held = [];
    return out;
  }
}

/**
 * Statements in one simple-protocol round trip; a session the error says is gone is marked lost.
 * After a failure the session's transaction status is the server's answer to this query (see
 * afterReadyForQuery), so callers may decide from it whether a ROLLBACK is needed.
 */
export async function send(s: Session, statements: string[]): Promise<pg.QueryResult[]> {
  try {
    const result = (await s.client.query(statements.join(';\n'))) as pg.QueryResult | pg.QueryResult[];
    return Array.isArray(result) ? result : [result];
  } catch (e) {
    if (sessionEnded(e)) s.lost ??= e as Error;
    await afterReadyForQuery(s);
    throw e;
  }
}

/**
 * pg rejects a query as soon as the server's ErrorResponse arrives, and the server flushes that at
 * once: its ReadyForQuery, which carries the transaction status after the error, may come in a
 * later packet. Until pg has read it, getTransactionStatus() still says what it said before the
 * query, e.g. idle for a `BEGIN; ...` that failed half-way, and a ROLLBACK would be skipped.
 */
function afterReadyForQuery(s: Session): Promise<void> {
  const client = s.client as pg.Client & { readyForQuery?: boolean };
  if (s.lost || client.readyForQuery !== false) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ['drain', 'end', 'error'] as const) client.off(event, done);
      resolve();
    };
    // pg emits `drain` once it has read the ReadyForQuery and has nothing else to send.
    for (const event of ['drain', 'end', 'error'] as const) client.on(event, done);
  });
}

/** `SET LOCAL` (in a transaction) or `SET` (for the session) of the limits given. */
export function limitStatements(limits: StatementLimits, set: 'SET LOCAL' | 'SET'): string[] {
  return [
    ...(limits.statementTimeoutMs ? [`${set} statement_timeout = ${Math.ceil(limits.statementTimeoutMs)}`] : []),
    ...(limits.lockTimeoutMs ? [`${set} lock_timeout = ${Math.ceil(limits.lockTimeoutMs)}`] : []),
  ];
}
