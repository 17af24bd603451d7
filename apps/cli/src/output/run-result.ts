/**
 * What a migrating command (up, down, redo, ...) prints on stdout: the steps that ran, or with
 * --dry-run the plan and every statement that would be sent (file:line and text).
 */
import type { RunResult, StepResult } from '@godwit/core';
import { formatDuration } from './duration.js';
import { errorJson } from './errors.js';
import type { Labeller } from './labeller.js';

export function runResultText(result: RunResult, label: Labeller): string {
  return result.dryRun ? dryRunText(result, label) : doneText(result, label);
}

const VERB: Record<StepResult['direction'], string> = { up: 'applied', down: 'rolled back', skip: 'skipped' };

function doneText(result: RunResult, label: Labeller): string {
  const lines: string[] = [];
  for (const step of result.results) {
    const what = label(step.version, step.name);
    if (step.status === 'failed') lines.push(`failed       ${what}`);
    else if (step.status === 'skipped-concurrent') lines.push(`already done ${what} (by another runner)`);
    else if (step.status === 'rolled-back') lines.push(`rolled back  ${what} (the run's single transaction was not committed)`);
    else lines.push(`${VERB[step.direction].padEnd(12)} ${what} (${formatDuration(step.durationMs)})${step.direction === 'skip' ? ' unsupported, recorded as applied' : ''}`);
  }
  // Stopped before any step (a bad file, a dirty store): the error line says it all.
  if (result.results.length === 0 && !result.ok) return '';
  const done = result.results.filter((s) => s.status === 'applied').length;
  if (typeof result.meta.backup === 'string') lines.push(`backup       ${result.meta.backup} (taken before the run)`);
  if (result.results.length === 0 && result.ok) lines.push(`nothing to do: version ${result.before}`);
  else lines.push(`${result.ok ? 'done' : 'stopped'}: ${done} migration(s), version ${result.before} -> ${result.after} (${formatDuration(result.durationMs)})`);
  return lines.join('\n') + '\n';
}

function dryRunText(result: RunResult, label: Labeller): string {
  const lines = [
    `dry run of ${result.command}: ${result.results.length} step(s), version ${result.before} -> ${result.after}; nothing was changed`,
  ];
  for (const step of result.results) {
    const how = step.direction === 'skip' ? 'record as skipped (unsupported)' : step.transactional ? 'in a transaction' : `outside a transaction${step.note ? `: ${step.note}` : ''}`;
    lines.push(`${step.direction} ${label(step.version, step.name)} (${how})`);
    for (const s of step.statements ?? []) {
      lines.push(`  ${s.file}:${s.line}`);
      for (const textLine of s.text.split(/\r?\n/)) lines.push(`    ${textLine}`);
    }
  }
  return lines.join('\n') + '\n';
}

export function runResultJson(result: RunResult): Record<string, unknown> {
  return {
    ok: result.ok,
    command: result.command,
    dryRun: result.dryRun,
    before: result.before,
    after: result.after,
    durationMs: result.durationMs,
    results: result.results.map((s) => ({
      version: s.version,
      name: s.name,
      direction: s.direction,
      status: s.status,
      durationMs: s.durationMs,
      transactional: s.transactional,
      ...(s.note !== undefined && { note: s.note }),
      ...(s.statements !== undefined && { statements: s.statements }),
      ...(s.error !== undefined && { error: errorJson(s.error) }),
    })),
    ...(Object.keys(result.meta).length > 0 && { meta: result.meta }),
  };
}
