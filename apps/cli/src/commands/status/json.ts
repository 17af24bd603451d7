/** The documented `status --json` shape (DESIGN.md): each migration with exactly four fields. */
import type { StatusReport } from '@godwit/core';

export function migrationsJson(status: StatusReport): Array<Record<string, unknown>> {
  return status.migrations.map((m) => ({ version: m.version, name: m.name, state: m.state, appliedAt: m.appliedAt ?? null }));
}

/** One database's document: exactly current, dirty and migrations. */
export function statusJson(status: StatusReport): Record<string, unknown> {
  return { current: status.current, dirty: status.dirty, migrations: migrationsJson(status) };
}
