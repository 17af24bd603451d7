/**
 * A session in core's sense (driver/contract.ts): the connected database plus the statement limits
 * of the run. MongoDB has no transaction around arbitrary commands, so there is only this plain
 * kind, and nothing can be left open: each command commits on its own.
 */
import type { PlainSession, PreparedStatement, StatementLimits } from '@godwit/core';
import type { Db } from 'mongodb';
import { countLeft, runBatch } from '../batch/batch-command.js';
import { commandOf } from '../prepare.js';
import { CommandReplyError, replyFailure } from './reply-check.js';
import { withTimeLimit } from './time-limit.js';

export interface MongoSession extends PlainSession {
  /** the store writer's database too: every write goes where the commands go */
  readonly db: Db;
}

export function openSession(db: Db, limits: StatementLimits): MongoSession {
  // lockTimeoutMs has no MongoDB counterpart: a command waits for its locks within maxTimeMS.
  return {
    db,
    async exec(statement: PreparedStatement, signal: AbortSignal) {
      const { command } = commandOf(statement);
      const reply = await db.command(withTimeLimit(command, limits.statementTimeoutMs), { signal });
      const failure = replyFailure(reply);
      if (failure !== undefined) throw new CommandReplyError(failure, reply);
    },
    async execBatch(statement: PreparedStatement, signal: AbortSignal) {
      const { batch } = commandOf(statement);
      if (!batch || !statement.batch) throw new Error(`command at ${statement.file}:${statement.line} is not a prepared batch`);
      return runBatch(db, batch, statement.batch.size, limits.statementTimeoutMs, signal);
    },
    async estimateBatch(statement: PreparedStatement, signal: AbortSignal) {
      const { batch } = commandOf(statement);
      return batch ? countLeft(db, batch, signal) : undefined;
    },
    end: async () => ({ leftOpen: false }),
  };
}
