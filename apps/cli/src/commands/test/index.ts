/**
 * `godwit test`: prove every migration's round trip on a scratch database Godwit creates and
 * drops itself (PostgreSQL: CREATE DATABASE on the given server, optionally --template; SQLite: a
 * temporary file; MongoDB: a temporary database). The database given is never changed. Exit 1 on
 * the first failure, with the exact schema differences and the down file that caused them.
 */
import type { Command } from 'commander';
import { createMigrator, GodwitError, type RoundTripReport, type RoundTripStep, roundTrip } from '@godwit/core';
import { type CliContext, optionsOf, parseArgument, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';
import { parseVersionArgument } from '../shared/version-arg.js';
import type { Outcome } from '../../output/outcome.js';
import { formatDuration } from '../../output/duration.js';
import { errorJson } from '../../output/errors.js';
import { renderTable } from '../../output/table.js';
import { changesJson, changesText, plural } from '../diff/changes.js';

interface TestFlags {
  from?: string;
  template?: string;
}

export function registerTest(program: Command, ctx: CliContext): void {
  const command = program
    .command('test')
    .description('prove each migration on a scratch database: up, down (the schema must be as before), up again')
    .option('--from <version>', 'start the round trips at <version>; the earlier migrations are applied once')
    .option('--template <name>', 'PostgreSQL: create the scratch database from this template; SQLite: start from a copy of this file');
  withExamples(command, [
    'godwit test --database postgres://app@localhost/app',
    'godwit test --dir migrations/sqlite-app',
    'godwit test --from 20250101120000 --json',
  ]);
  command.action(async (flags: TestFlags, cmd: Command) => {
    const from = parseArgument(ctx, cmd, () => (flags.from === undefined ? undefined : parseVersionArgument(flags.from, 'test --from')));
    if (flags.from !== undefined && from === undefined) return;
    const code = await execute(ctx, optionsOf(cmd), { command: 'test', need: 'required' }, async ({ driver, source }) => {
      if (!driver.scratch) {
        throw new GodwitError('USAGE', `the ${driver.name} driver cannot make a scratch database`, { hint: 'godwit test runs on PostgreSQL, SQLite and MongoDB' });
      }
      const scratch = await driver.scratch(flags.template === undefined ? {} : { template: flags.template });
      try {
        const migrator = createMigrator({ driver: scratch.driver, source, appliedBy: 'godwit test' });
        const report = await roundTrip(migrator, scratch.driver, from === undefined ? {} : { from });
        return testOutcome(report, scratch.target, source.label);
      } finally {
        await scratch.drop();
      }
    });
    ctx.setExitCode(code);
  });
}

const STATUS_TEXT: Record<RoundTripStep['status'], string> = {
  ok: 'ok',
  irreversible: 'irreversible: applied, no down to prove',
  unsupported: 'unsupported: skipped',
  applied: 'applied (before --from)',
  failed: 'FAILED',
};

const STAGE_TEXT: Record<NonNullable<RoundTripStep['stage']>, string> = {
  up: 'its up failed',
  down: 'its down failed',
  restore: 'its down did not restore the schema',
  'up-again': 'its up failed after its down',
};

function testOutcome(report: RoundTripReport, target: string, label: (v: number, name: string) => string): Outcome {
  const rows = report.steps.map((s) => [label(s.version, s.name), s.status === 'failed' ? `FAILED: ${STAGE_TEXT[s.stage ?? 'up']}` : STATUS_TEXT[s.status], formatDuration(s.durationMs)]);
  const failed = report.steps.find((s) => s.status === 'failed');
  const proved = report.steps.filter((s) => s.status === 'ok').length;
  const json = {
    ok: report.ok,
    scratch: target,
    durationMs: report.durationMs,
    migrations: report.steps.map((s) => ({
      version: s.version,
      name: s.name,
      status: s.status,
      durationMs: s.durationMs,
      ...(s.stage !== undefined && { stage: s.stage }),
      ...(s.downFile !== undefined && { downFile: s.downFile }),
      ...(s.changes !== undefined && { changes: changesJson(s.changes) }),
      ...(s.error !== undefined && { error: errorJson(s.error) }),
    })),
  };
  const table = rows.length === 0 ? 'no migrations\n' : renderTable(['MIGRATION', 'RESULT', 'TOOK'], rows);
  if (!failed) {
    return { ok: true, json, text: `${table}${plural(proved, 'round trip')} proved on ${target} (dropped), in ${formatDuration(report.durationMs)}\n` };
  }
  const what = `migration ${failed.version} (${label(failed.version, failed.name)}): ${STAGE_TEXT[failed.stage ?? 'up']}`;
  const error =
    failed.stage === 'restore'
      ? new GodwitError('VALIDATION_FAILED', `${what}: ${plural(failed.changes?.length ?? 0, 'difference')} from the schema before its up`, {
          ...(failed.downFile !== undefined && { file: failed.downFile }),
          version: failed.version,
          hint: 'make the down undo exactly what the up did (the lines above: + left behind, - not restored, ~ changed)',
        })
      : new GodwitError(failed.error?.code ?? 'MIGRATION_FAILED', `${what}: ${failed.error?.message ?? 'failed'}`, {
          ...((failed.error?.file ?? failed.downFile) !== undefined && { file: failed.error?.file ?? failed.downFile }),
          ...(failed.error?.line !== undefined && { line: failed.error.line }),
          version: failed.version,
          ...(failed.error?.hint !== undefined && { hint: failed.error.hint }),
        });
  const diff = failed.changes ? changesText(failed.changes, '    ') : '';
  return { ok: false, json, text: `${table}${diff}`, errors: [error] };
}
