/**
 * `godwit rehearse`: run the pending migrations on the real database inside one transaction,
 * report per migration the time, the locks it took and the rows it changed, and roll it all
 * back (PostgreSQL, SQLite). Takes the migration lock; --statement-timeout and --lock-timeout
 * apply to the statements. The schema and the store are checked to be exactly as before.
 */
import type { Command } from 'commander';
import { GodwitError, type RehearsalReport, rehearse } from '@godwit/core';
import { type CliContext, optionsOf, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';
import type { Outcome } from '../../output/outcome.js';
import { formatDuration } from '../../output/duration.js';
import { errorJson } from '../../output/errors.js';
import { renderTable } from '../../output/table.js';
import { changesText, plural } from '../diff/changes.js';

export function registerRehearse(program: Command, ctx: CliContext): void {
  const command = program
    .command('rehearse')
    .description('run the pending migrations in one transaction and roll it back: time, locks and rows of each (PostgreSQL, SQLite)');
  withExamples(command, [
    'godwit rehearse --database postgres://app@prod/app',
    'godwit rehearse --lock-timeout 2s --statement-timeout 1m',
    'godwit rehearse --json | jq \'.migrations[].locks\'',
  ]);
  command.action(async (_flags: unknown, cmd: Command) => {
    const code = await execute(ctx, optionsOf(cmd), { command: 'rehearse', need: 'required' }, async ({ driver, source, target }) => {
      const report = await rehearse(driver, source, {
        ...(target.run.statementTimeoutMs !== undefined && { statementTimeoutMs: target.run.statementTimeoutMs }),
        ...(target.run.lockTimeoutMs !== undefined && { lockTimeoutMs: target.run.lockTimeoutMs, migrationLockTimeoutMs: target.run.lockTimeoutMs }),
      });
      return rehearsalOutcome(report, source.label);
    });
    ctx.setExitCode(code);
  });
}

function rehearsalOutcome(report: RehearsalReport, label: (v: number, name: string) => string): Outcome {
  const json = {
    ok: report.ok,
    unchanged: report.unchanged,
    durationMs: report.durationMs,
    migrations: report.steps.map((s) => ({
      version: s.version,
      name: s.name,
      status: s.status,
      durationMs: s.durationMs,
      locks: s.locks,
      rows: s.rows,
      ...(s.reason !== undefined && { reason: s.reason }),
      ...(s.error !== undefined && { error: errorJson(s.error) }),
    })),
  };
  const rows = report.steps.map((s) => [
    label(s.version, s.name),
    s.status === 'skipped' ? `not rehearsable: ${s.reason}` : s.status === 'failed' ? 'FAILED' : 'ok',
    s.status === 'rehearsed' ? formatDuration(s.durationMs) : '-',
    s.locks.length > 0 ? s.locks.join(', ') : '-',
    s.status === 'rehearsed' ? String(s.rows) : '-',
  ]);
  const table = rows.length === 0 ? 'nothing pending: nothing to rehearse\n' : renderTable(['MIGRATION', 'RESULT', 'TOOK', 'LOCKS TAKEN', 'ROWS'], rows);
  const errors: GodwitError[] = [];
  const failed = report.steps.find((s) => s.status === 'failed');
  if (failed?.error) errors.push(failed.error);
  if (!report.unchanged) {
    errors.push(
      new GodwitError('STORE_ERROR', 'the rehearsal did not leave the database exactly as it was', {
        hint: 'compare with godwit drift; this is a bug worth reporting',
      }),
    );
  }
  const summary = report.unchanged
    ? `rolled back: the schema and the store are as they were (${plural(report.steps.filter((s) => s.status === 'rehearsed').length, 'migration')} rehearsed in ${formatDuration(report.durationMs)})\n`
    : changesText(report.changes);
  return { ok: report.ok, json, text: `${table}${summary}`, errors };
}
