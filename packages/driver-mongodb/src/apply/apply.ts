/**
 * Runs one prepared step. MongoDB gives no transaction around arbitrary commands, so the step
 * follows the dirty protocol: record the version dirty (and a history entry) before the first
 * command, run the commands in order, then mark it clean (up) or remove it (down). A failure
 * leaves the record dirty, which blocks further runs until `godwit force` states the truth.
 */
import { type ApplyContext, type ApplyResult, GodwitError, type PreparedStatement, type PreparedStep } from '@godwit/core';
import type { Db, Document } from 'mongodb';
import { type ErrorContext, isDuplicateKey, storeError } from '../connection/errors.js';
import { commandOf } from '../prepare.js';
import { keyOf, type VersionDocument, versionKey } from '../store/documents.js';
import { finishHistory, type HistoryLog } from '../store/history-log.js';
import type { StoreNames } from '../store/names.js';
import { commandFailure, interrupted } from './failure.js';
import { replyFailure } from './reply-check.js';

export interface ApplyDeps {
  db: Db;
  names: StoreNames;
  errors: ErrorContext;
  history: HistoryLog;
  assertLocked: () => void;
}

export async function applyStep(deps: ApplyDeps, step: PreparedStep, ctx: ApplyContext): Promise<ApplyResult> {
  const { db, names, errors } = deps;
  const { migration, direction } = step;
  const versions = db.collection<VersionDocument>(names.versions);
  const key = keyOf(migration.version);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);

  deps.assertLocked();
  if (ctx.signal.aborted) throw interrupted(step, undefined);

  // Recording the version dirty doubles as the re-check under the lock: if a runner that held the
  // lock before us already did this step, the duplicate `_id` (up) or the missing record (down)
  // says so, and we skip it.
  const startedAt = new Date();
  const done = await store(async () => {
    if (direction === 'down') {
      return (await versions.updateOne({ _id: key }, { $set: { dirty: true } })).matchedCount === 0;
    }
    try {
      await versions.insertOne({
        _id: key,
        version: versionKey(migration.version),
        name: migration.name,
        checksum: migration.checksum,
        applied_at: startedAt,
        execution_ms: 0,
        applied_by: ctx.appliedBy,
        dirty: true,
      });
      return false;
    } catch (e) {
      if (isDuplicateKey(e)) return true;
      throw e;
    }
  }, `record version ${migration.version} as dirty in ${names.versions}`);
  if (done) return { status: 'skipped-concurrent', executionMs: 0 };

  const historyId = await store(
    () =>
      deps.history.append(db, names, {
        version: migration.version,
        name: migration.name,
        direction,
        startedAt,
        finishedAt: null,
        executionMs: null,
        success: false,
        error: null,
        appliedBy: ctx.appliedBy,
        toolVersion: ctx.toolVersion,
        note: ctx.note ?? null,
      }),
    `append to ${names.history}`,
  );

  let current: PreparedStatement | undefined;
  try {
    for (const statement of step.statements) {
      if (ctx.signal.aborted) throw interrupted(step, statement);
      current = statement;
      await runCommand(db, statement, ctx);
    }
  } catch (e) {
    const error =
      e instanceof GodwitError
        ? e
        : ctx.signal.aborted
          ? interrupted(step, current, e)
          : await commandFailure(db, names, step, current, e, errors);
    // Best effort: the failure being reported matters more than completing its audit row.
    await finishHistory(db, names, historyId, {
      finishedAt: new Date(),
      executionMs: elapsed(),
      success: false,
      error: error.toString(),
    }).catch(() => undefined);
    throw error;
  }

  const executionMs = elapsed();
  await store(async () => {
    if (direction === 'up') {
      await versions.updateOne({ _id: key }, { $set: { dirty: false, applied_at: new Date(), execution_ms: executionMs } });
    } else {
      await versions.deleteOne({ _id: key });
    }
    // One after the other, not at once: FerretDB's SQLite backend serialises writers, and two
    // concurrent writes cost more there (busy waits) than they save on MongoDB.
    await finishHistory(db, names, historyId, { finishedAt: new Date(), executionMs, success: true, error: null });
  }, `record version ${migration.version} as done in ${names.versions}`);
  return { status: 'applied', executionMs };

  async function store<T>(fn: () => Promise<T>, what: string): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw storeError(e, what, errors);
    }
  }
}

/** Sends one command; a reply that reports a failure with `ok: 1` is turned into a thrown Error. */
async function runCommand(db: Db, statement: PreparedStatement, ctx: ApplyContext): Promise<Document> {
  const { command } = commandOf(statement);
  const reply = await db.command(withTimeLimit(command, ctx.statementTimeoutMs), { signal: ctx.signal });
  const failure = replyFailure(reply);
  if (failure !== undefined) throw new CommandReplyError(failure, reply);
  return reply;
}

/**
 * `--statement-timeout` as the command's `maxTimeMS`, a field of the command document itself
 * (runCommand sends the document as given). A limit the file sets explicitly wins.
 */
export function withTimeLimit(command: Record<string, unknown>, ms: number | undefined): Record<string, unknown> {
  if (!ms || ms <= 0 || 'maxTimeMS' in command) return command;
  return { ...command, maxTimeMS: Math.ceil(ms) };
}

export class CommandReplyError extends Error {
  constructor(
    message: string,
    readonly reply: Document,
  ) {
    super(message);
    this.name = 'CommandReplyError';
  }
}
