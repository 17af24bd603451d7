/**
 * The documented `status --json` shape (docs/design.md): each migration with four fields, plus
 * `statementsDone`/`statements` on a dirty one whose progress is known and `noUpFile: true` on one
 * that has only its down file, `phase` on a pending one with `-- +godwit PHASE`.
 */
import type { StatusReport } from '@godwit/core';

export function migrationsJson(status: StatusReport): Array<Record<string, unknown>> {
  return status.migrations.map((m) => ({
    version: m.version,
    name: m.name,
    state: m.state,
    appliedAt: m.appliedAt ?? null,
    // Only on a migration whose folder has just its down file: the up is empty.
    ...(m.noUpFile && { noUpFile: true }),
    // Only on a dirty migration whose progress the store recorded: how far the failed run got.
    ...(m.statementsDone !== undefined && { statementsDone: m.statementsDone, statements: m.statements ?? null }),
    // Only on a pending migration that says which deploy phase it belongs to (`up --phase`).
    ...(m.phase && { phase: m.phase }),
  }));
}

/** One database's document: exactly current, dirty and migrations. */
export function statusJson(status: StatusReport): Record<string, unknown> {
  return { current: status.current, dirty: status.dirty, migrations: migrationsJson(status) };
}
