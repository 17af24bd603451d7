/**
 * The error a failed command becomes: where (file:line:column of the command's opening brace),
 * which command (`#index (name)`), the server's own words, and how to get out of the dirty state.
 */
import { GodwitError, type PreparedStatement, type PreparedStep } from '@godwit/core';
import type { Db } from 'mongodb';
import { clean, type ErrorContext } from '../connection/errors.js';
import { commandOf } from '../prepare.js';
import { keyOf, toNumber, type VersionDocument } from '../store/documents.js';
import type { StoreNames } from '../store/names.js';

export function describeCommand(statement: PreparedStatement): string {
  const { command, index } = commandOf(statement);
  const name = Object.keys(command)[0] ?? '?';
  return `command #${index} (${name})`;
}

export async function commandFailure(
  db: Db,
  names: StoreNames,
  step: PreparedStep,
  statement: PreparedStatement | undefined,
  cause: unknown,
  errors: ErrorContext,
): Promise<GodwitError> {
  const { version } = step.migration;
  const serverMessage = clean(cause instanceof Error ? cause.message : String(cause), errors);
  const what = statement ? `${describeCommand(statement)} failed: ${serverMessage}` : serverMessage;
  const ran = statement ? commandOf(statement).index : 0;
  const before = await previousVersion(db, names, version);
  const done = ran === 0 ? 'no command before it ran' : `the ${ran} command(s) before it stay applied`;
  return new GodwitError('MIGRATION_FAILED', what, {
    file: statement?.file ?? step.migration.file,
    ...(statement && { line: statement.line, column: statement.column }),
    version,
    hint:
      `MongoDB commands are not transactional: ${done} and version ${version} is recorded dirty. ` +
      `Repair the data by hand, then record the real state with ` +
      (step.direction === 'up'
        ? `"godwit force ${version}" (if you completed it) or "godwit force ${before}" (if you undid it)`
        : `"godwit force ${before}" (if you completed the rollback) or "godwit force ${version}" (if you undid it)`) +
      ', and run again',
    cause,
  });
}

export function interrupted(step: PreparedStep, statement: PreparedStatement | undefined, cause?: unknown): GodwitError {
  const where = statement ? ` at ${describeCommand(statement)}` : ' before its first command';
  return new GodwitError('ABORTED', `migration ${step.migration.version} was cancelled${where}`, {
    file: statement?.file ?? step.migration.file,
    ...(statement && { line: statement.line, column: statement.column }),
    version: step.migration.version,
    hint: `version ${step.migration.version} is recorded dirty; check what its commands changed, then record the real state with "godwit force <version>"`,
    ...(cause !== undefined && { cause }),
  });
}

/** The highest applied version below `version`: what "undone" means for a force. */
async function previousVersion(db: Db, names: StoreNames, version: number): Promise<number> {
  try {
    const below = await db
      .collection<VersionDocument>(names.versions)
      .find({ _id: { $lt: keyOf(version) } }, { projection: { version: 1 }, sort: { _id: -1 }, limit: 1 })
      .toArray();
    return below[0] ? toNumber(below[0].version) : 0;
  } catch {
    return 0;
  }
}
