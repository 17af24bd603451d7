/**
 * A fleet run as people and programs read it: a table of how many targets ended in each state
 * (and, for status, at each version), the failed targets with their redacted URLs and errors on
 * stderr, one summary line; or, with --json, the end of the document fleet-json.ts has been
 * writing. The exit code: 0 when no target failed, 1 otherwise.
 */
import { formatDuration } from '../output/duration.js';
import { EXIT_FAILED, EXIT_OK, renderErrorLines } from '../output/errors.js';
import type { Io } from '../output/io.js';
import { renderTable } from '../output/table.js';
import type { FleetDefinition } from './fleet-definition.js';
import type { FleetJsonWriter } from './fleet-json.js';
import type { FleetRun } from './run-fleet.js';
import { targetLabel } from './fleet-target.js';

/** The members of the JSON document before its targets: known before any target runs. */
export function fleetJsonHead(command: string, fleet: FleetDefinition): Record<string, unknown> {
  return {
    command,
    fleet: fleet.label,
    dir: fleet.dir.given,
    shard: fleet.shard ? `${fleet.shard.index}/${fleet.shard.count}` : null,
    fleetSize: fleet.fleetSize,
    total: fleet.entries.length,
  };
}

export function reportFleet(io: Io, fleet: FleetDefinition, run: FleetRun, json: FleetJsonWriter | undefined): number {
  const { tally } = run;
  const ok = tally.ok;
  if (json) {
    json.end({
      ok,
      durationMs: run.durationMs,
      counts: tally.counts,
      ...(run.waves.length > 1 && { waves: run.waves }),
      ...tally.summary?.json?.(),
    });
  } else {
    const states = renderTable(
      ['RESULT', 'TARGETS'],
      Object.entries(tally.counts).map(([state, n]) => [state, String(n)]),
    );
    const of = fleet.shard ? ` (shard ${fleet.shard.index}/${fleet.shard.count} of a fleet of ${fleet.fleetSize})` : '';
    const parts = Object.entries(tally.counts).map(([state, n]) => `${n} ${state}`);
    io.out(`${tally.summary?.table() ?? ''}${states}${ok ? 'ok' : 'failed'}: ${tally.total} targets${of}: ${parts.join(', ') || 'none'} in ${formatDuration(run.durationMs)}\n`);
  }
  for (const t of tally.failures) if (t.error) renderErrorLines(io, t.error, targetLabel(t.entry, t.target));
  const more = tally.failed - tally.failures.length;
  if (more > 0) io.err(`godwit: error: ${more} more targets failed (godwit fleet ... --json lists them all)\n`);
  return ok ? EXIT_OK : EXIT_FAILED;
}
