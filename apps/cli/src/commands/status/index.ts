import type { Command } from 'commander';
import { GodwitError, type StatusEntry, type StatusReport } from '@godwit/core';
import { type CliContext, optionsOf, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';
import { report } from '../../output/outcome.js';
import { renderTable } from '../../output/table.js';
import { addProjectOptions, type ProjectOptions, wantsAll } from '../../settings/project-options.js';
import { statusAll } from './all.js';
import { runCheck } from './check.js';
import { driftSummary } from './drift.js';
import { statusJson } from './json.js';
import { adoptionJson, adoptionNotice } from './adoption.js';

export function registerStatus(program: Command, ctx: CliContext): void {
  const command = program.command('status').description('list every migration with its state and when it was applied');
  addProjectOptions(command.option('--all', 'every database of the project (migrations/<driver>-<name>/ and the config): one row each'));
  command.option('--check', 'exit 1 when anything is pending, dirty or modified, saying why (readiness probes, CI gates)');
  command.option('--check-drift', 'also compare the schema with the snapshot the last run recorded: drift: none | N changes (with --check, drift fails it)');
  withExamples(command, ['godwit status', 'godwit status --json | jq .current', 'godwit status --all', 'godwit status --check']);
  command.action(async (_options, cmd: Command) => {
    const all = optionsOf(cmd) as ProjectOptions;
    const check = (all as { check?: boolean }).check === true;
    const checkDrift = (all as { checkDrift?: boolean }).checkDrift === true;
    if (wantsAll(all) && check) {
      return ctx.setExitCode(
        report(ctx, all.json === true, {
          ok: false,
          json: {},
          text: '',
          errors: [new GodwitError('USAGE', '--check works on one database', { hint: 'run godwit status --check once per database (--database or --dir)' })],
        }),
      );
    }
    if (wantsAll(all)) return ctx.setExitCode(await statusAll(ctx, all));
    const code = await execute(ctx, optionsOf(cmd), { command: 'status', need: 'required' }, async ({ migrator, target }) => {
      const status = await migrator.status();
      // --check-drift, or `"checkDrift": true` in the selected environment of the config
      const drift = checkDrift || target.checkDrift ? await driftSummary(migrator) : undefined;
      const json = { ...statusJson(status), ...adoptionJson(status.adoption), ...(drift && { drift: drift.json }) };
      const text = `${statusText(status)}${adoptionNotice(status.adoption)}${drift?.text ?? ''}`;
      if (!check) return { ok: true, json, text };
      const result = await runCheck(migrator);
      // --check-drift with --check: a drifted schema fails the gate too.
      const errors = [...result.errors, ...(drift?.error ? [drift.error] : [])];
      const ok = result.ok && errors.length === result.errors.length;
      return {
        ok,
        json: { ...json, check: { ...result.json, ok } },
        text: `${text}${ok ? 'check: ok\n' : ''}`,
        errors,
      };
    });
    ctx.setExitCode(code);
  });
}

function statusText(status: StatusReport): string {
  const rows = status.migrations.map((m) => [
    String(m.version),
    m.name,
    `${m.outOfOrder ? `${m.state} (out of order)` : m.state === 'dirty' && m.statementsDone !== undefined ? `dirty (${failedAt(m)})` : m.state}${m.noUpFile ? ' (no up file: empty)' : ''}${m.phase ? ` (${m.phase})` : ''}`,
    m.appliedAt ?? '-',
  ]);
  const pending = status.migrations.filter((m) => m.state === 'pending').length;
  const summary = `version ${status.current}${status.dirty ? dirtySummary(status) : ''}, ${pending} pending`;
  if (rows.length === 0) return `no migrations; ${summary}\n`;
  return `${renderTable(['VERSION', 'NAME', 'STATE', 'APPLIED AT'], rows)}${summary}\n`;
}

/** "statement 3 of 7": the one that failed, after the completed ones the store recorded. */
function failedAt(m: StatusEntry): string {
  return `statement ${(m.statementsDone ?? 0) + 1}${m.statements !== undefined ? ` of ${m.statements}` : ''}`;
}

function dirtySummary(status: StatusReport): string {
  const dirty = status.migrations.find((m) => m.state === 'dirty');
  if (!dirty) return ' (dirty: run godwit force <version> once the database is repaired)';
  const at = dirty.statementsDone !== undefined ? `, ${failedAt(dirty)}` : '';
  return ` (dirty at ${dirty.version}${at}: fix the cause and run godwit up --resume, or godwit force <version> once the database is repaired)`;
}
