/**
 * A fleet run as people and programs read it: a table of how many targets ended in each state
 * (and, for status, at each version), the failed targets with their redacted URLs and errors on
 * stderr, one summary line; or one JSON document with every target. The exit code: 0 when no
 * target failed, 1 otherwise.
 */
import { formatDuration } from '../output/duration.js';
import { EXIT_FAILED, EXIT_OK, errorJson, renderErrorLines } from '../output/errors.js';
import type { Io } from '../output/io.js';
import { writeJson } from '../output/json.js';
import { renderTable } from '../output/table.js';
import type { FleetDefinition } from './fleet-definition.js';
import type { FleetRun, TargetReport } from './run-fleet.js';
import { targetLabel } from './fleet-target.js';

/** Past this many, failures are counted rather than printed one by one (the JSON has them all). */
const MAX_ERROR_LINES = 50;

export interface ReportSpec {
  command: string;
  json: boolean;
  /** extra tables before the states (status: targets by version) */
  tables?: (targets: readonly TargetReport[]) => string;
  /** extra members of the JSON document */
  extraJson?: (targets: readonly TargetReport[]) => Record<string, unknown>;
}

export function reportFleet(io: Io, fleet: FleetDefinition, run: FleetRun, spec: ReportSpec): number {
  const counts = countBy(run.targets, (t) => t.state);
  const failed = run.targets.filter((t) => !t.ok);
  const ok = failed.length === 0;
  const shard = fleet.shard ? `${fleet.shard.index}/${fleet.shard.count}` : null;
  if (spec.json) {
    writeJson(io, {
      ok,
      command: spec.command,
      fleet: fleet.label,
      dir: fleet.dir.given,
      shard,
      fleetSize: fleet.fleetSize,
      total: run.targets.length,
      durationMs: run.durationMs,
      counts,
      ...(run.waves.length > 1 && { waves: run.waves }),
      ...spec.extraJson?.(run.targets),
      targets: run.targets.map(targetJson),
    });
  } else {
    const states = renderTable(
      ['RESULT', 'TARGETS'],
      Object.entries(counts).map(([state, n]) => [state, String(n)]),
    );
    const of = shard ? ` (shard ${shard} of a fleet of ${fleet.fleetSize})` : '';
    const parts = Object.entries(counts).map(([state, n]) => `${n} ${state}`);
    io.out(`${spec.tables?.(run.targets) ?? ''}${states}${ok ? 'ok' : 'failed'}: ${run.targets.length} targets${of}: ${parts.join(', ') || 'none'} in ${formatDuration(run.durationMs)}\n`);
  }
  for (const t of failed.slice(0, MAX_ERROR_LINES)) if (t.error) renderErrorLines(io, t.error, targetLabel(t.entry, t.target));
  if (failed.length > MAX_ERROR_LINES) io.err(`godwit: error: ${failed.length - MAX_ERROR_LINES} more targets failed (godwit fleet ... --json lists them all)\n`);
  return ok ? EXIT_OK : EXIT_FAILED;
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

function targetJson(t: TargetReport): Record<string, unknown> {
  return {
    id: t.entry.id,
    target: t.target,
    ...(t.entry.schema !== undefined && { schema: t.entry.schema }),
    result: t.state,
    ...(t.durationMs !== undefined && { durationMs: t.durationMs }),
    ...t.json,
    ...(t.error && { error: errorJson(t.error) }),
  };
}
