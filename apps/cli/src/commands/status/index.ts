import type { Command } from 'commander';
import type { StatusReport } from '@godwit/core';
import { type CliContext, optionsOf, withExamples } from '../../context/command-kit.js';
import { execute } from '../../context/execute.js';
import { renderTable } from '../../output/table.js';

export function registerStatus(program: Command, ctx: CliContext): void {
  const command = program.command('status').description('list every migration with its state and when it was applied');
  withExamples(command, ['godwit status', 'godwit status --json | jq .current']);
  command.action(async (_options, cmd: Command) => {
    const code = await execute(ctx, optionsOf(cmd), { command: 'status', need: 'required' }, async ({ migrator }) => {
      const status = await migrator.status();
      return { ok: true, json: statusJson(status), text: statusText(status) };
    });
    ctx.setExitCode(code);
  });
}

/** The documented shape (DESIGN.md): exactly current, dirty and migrations with four fields. */
function statusJson(status: StatusReport): Record<string, unknown> {
  return {
    current: status.current,
    dirty: status.dirty,
    migrations: status.migrations.map((m) => ({
      version: m.version,
      name: m.name,
      state: m.state,
      appliedAt: m.appliedAt ?? null,
    })),
  };
}

function statusText(status: StatusReport): string {
  const rows = status.migrations.map((m) => [
    String(m.version),
    m.name,
    m.outOfOrder ? `${m.state} (out of order)` : m.state,
    m.appliedAt ?? '-',
  ]);
  const pending = status.migrations.filter((m) => m.state === 'pending').length;
  const summary = `version ${status.current}${status.dirty ? ' (dirty: run godwit force <version> once the database is repaired)' : ''}, ${pending} pending`;
  if (rows.length === 0) return `no migrations; ${summary}\n`;
  return `${renderTable(['VERSION', 'NAME', 'STATE', 'APPLIED AT'], rows)}${summary}\n`;
}
