import type { Command } from 'commander';
import { GodwitError, type HistoryRecord } from '@godwit/core';
import { type CliContext, optionsOf, parseArgument, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';
import { renderTable } from '../../output/table.js';
import { formatDuration } from '../../output/duration.js';

export function registerHistory(program: Command, ctx: CliContext): void {
  const command = program
    .command('history')
    .description('the audit trail: every up, down, force and skip, newest first')
    .option('--limit <n>', 'show at most <n> entries');
  withExamples(command, ['godwit history --limit 20', 'godwit history --json']);
  command.action(async (flags: { limit?: string }, cmd: Command) => {
    const limit = parseArgument(ctx, cmd, () => (flags.limit === undefined ? undefined : parseLimit(flags.limit)));
    if (flags.limit !== undefined && limit === undefined) return;
    const code = await execute(ctx, optionsOf(cmd), { command: 'history', need: 'required' }, async ({ migrator }) => {
      const records = await migrator.history(limit === undefined ? {} : { limit });
      return { ok: true, json: { history: records.map(recordJson) }, text: historyText(records) };
    });
    ctx.setExitCode(code);
  });
}

function parseLimit(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new GodwitError('USAGE', `--limit: "${text}" is not a positive whole number`, { hint: 'e.g. --limit 20' });
  }
  return n;
}

function recordJson(r: HistoryRecord): Record<string, unknown> {
  return {
    id: r.id,
    version: r.version,
    name: r.name,
    direction: r.direction,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    executionMs: r.executionMs,
    success: r.success,
    error: r.error,
    appliedBy: r.appliedBy,
    toolVersion: r.toolVersion,
    note: r.note,
  };
}

function historyText(records: HistoryRecord[]): string {
  if (records.length === 0) return 'no history yet\n';
  const rows = records.map((r) => [
    String(r.id),
    String(r.version),
    r.name,
    r.direction,
    r.startedAt.toISOString(),
    r.executionMs === null ? '-' : formatDuration(r.executionMs),
    r.appliedBy,
    r.success ? 'ok' : `failed: ${(r.error ?? '').replace(/\s+/g, ' ')}`,
  ]);
  const headers = ['ID', 'VERSION', 'NAME', 'DIRECTION', 'STARTED AT', 'TOOK', 'BY', 'RESULT'];
  // The NOTE column (e.g. the backup taken before a run) only when some row has one, so the usual
  // table stays as narrow as before.
  if (!records.some((r) => r.note !== null)) return renderTable(headers, rows);
  return renderTable(
    [...headers, 'NOTE'],
    rows.map((row, i) => [...row, records[i]?.note ?? '-']),
  );
}
