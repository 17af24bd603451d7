/**
 * `godwit drift`: compare the live schema with the snapshot recorded after the last up, down or
 * force, and list what changed outside migrations (a hand-made index, a dropped column). Exit 0
 * when nothing did, 1 otherwise. Read-only: no lock, nothing written.
 */
import type { Command } from 'commander';
import { type DriftReport, GodwitError } from '@godwit/core';
import { type CliContext, optionsOf, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';
import type { Outcome } from '../../output/outcome.js';
import { changesJson, changesText, plural } from '../diff/changes.js';

export function registerDrift(program: Command, ctx: CliContext): void {
  const command = program
    .command('drift')
    .description('list schema changes made outside migrations since the last run recorded the schema (exit 1 when any)');
  withExamples(command, ['godwit drift', 'godwit drift --json | jq .changes', 'godwit status --check-drift']);
  command.action(async (_flags: unknown, cmd: Command) => {
    const code = await execute(ctx, optionsOf(cmd), { command: 'drift', need: 'required' }, async ({ migrator }) => driftOutcome(await migrator.drift()));
    ctx.setExitCode(code);
  });
}

export function driftJson(report: DriftReport): Record<string, unknown> {
  return {
    drift: report.changes.length > 0,
    recorded: { version: report.recorded.version, hash: report.recorded.hash, takenAt: report.recorded.takenAt.toISOString() },
    hash: report.hash,
    changes: changesJson(report.changes),
  };
}

function driftOutcome(report: DriftReport): Outcome {
  const when = `the snapshot recorded at version ${report.recorded.version} (${report.recorded.takenAt.toISOString()})`;
  const json = driftJson(report);
  if (report.changes.length === 0) return { ok: true, json, text: `no drift: the schema is ${when}\n` };
  return {
    ok: false,
    json,
    text: `${plural(report.changes.length, 'change')} since ${when}:\n${changesText(report.changes)}`,
    errors: [
      new GodwitError('VALIDATION_FAILED', `the schema drifted: ${plural(report.changes.length, 'change')} made outside migrations`, {
        hint: 'turn each change into a migration (or undo it), then run godwit up; godwit force <current version> accepts the schema as it is',
      }),
    ],
  };
}
