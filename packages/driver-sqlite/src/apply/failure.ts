/** The errors a failed or cancelled step throws, pointing at the statement that was running. */
import { GodwitError, type PreparedStatement, type PreparedStep } from '@godwit/core';

function where(step: PreparedStep, statement: PreparedStatement | undefined) {
  return {
    file: statement?.file ?? step.migration.file,
    ...(statement && { line: statement.line, column: statement.column }),
    version: step.migration.version,
  };
}

function dirtyHint(step: PreparedStep): string {
  return `migration ${step.migration.version} ran outside a transaction and stopped part-way, so the store marks it dirty; repair the database by hand, then run \`godwit force <version>\` with the version it is really at`;
}

/** SQLite's own message, at the failing statement's start. */
export function migrationFailed(step: PreparedStep, statement: PreparedStatement | undefined, e: unknown): GodwitError {
  const message = e instanceof Error ? e.message : String(e);
  const undone = step.direction === 'up' ? 'left no trace' : 'is still applied';
  return new GodwitError('MIGRATION_FAILED', message, {
    ...where(step, statement),
    hint: step.transactional
      ? `fix the statement and run again; migration ${step.migration.version} was rolled back and ${undone}`
      : dirtyHint(step),
    cause: e,
  });
}

export function abortedStep(step: PreparedStep, next: PreparedStatement | undefined, ran: number): GodwitError {
  const at = next ? ` before ${next.file}:${next.line}` : '';
  return new GodwitError('ABORTED', `migration ${step.migration.version} was cancelled after ${ran} of ${step.statements.length} statement(s)${at}`, {
    ...where(step, next),
    hint: step.transactional ? `it was rolled back; run again when ready` : dirtyHint(step),
  });
}
