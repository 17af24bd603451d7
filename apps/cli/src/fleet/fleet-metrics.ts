/**
 * A fleet's metrics (`--metrics-push`, `--metrics-file`): targets by result and a histogram of
 * target durations, labelled by fleet, sent once at the end through the metrics plugin's push and
 * textfile writers. Per-target metrics would be thousands of series per run; a fleet is watched
 * as a whole, and `fleet status --json` names the targets. Sending is best effort: a failure is
 * logged and does not change the exit code, as for the single-database commands.
 */
import type { CliLogger } from '../logging/logger.js';
import { localPath, pathForTools } from '../settings/paths.js';
import type { FleetOptions } from './fleet-options.js';
import { DURATION_BUCKETS, type FleetTally } from './fleet-tally.js';

/** The Prometheus text exposition of one fleet run, from its tally (counts and durations). */
export function fleetMetricsText(fleet: string, tally: Pick<FleetTally, 'counts' | 'durations'>): string {
  const f = `fleet="${escapeLabel(fleet)}"`;
  const { buckets, sumSeconds, count } = tally.durations;
  const lines = [
    '# HELP godwit_fleet_targets Targets of the fleet by the result of the last run.',
    '# TYPE godwit_fleet_targets gauge',
    ...Object.entries(tally.counts).map(([result, n]) => `godwit_fleet_targets{${f},result="${escapeLabel(result)}"} ${n}`),
    '# HELP godwit_fleet_target_duration_seconds How long each target of the last run took.',
    '# TYPE godwit_fleet_target_duration_seconds histogram',
    ...DURATION_BUCKETS.map((le, i) => `godwit_fleet_target_duration_seconds_bucket{${f},le="${le}"} ${buckets[i]}`),
    `godwit_fleet_target_duration_seconds_bucket{${f},le="+Inf"} ${count}`,
    `godwit_fleet_target_duration_seconds_sum{${f}} ${sumSeconds}`,
    `godwit_fleet_target_duration_seconds_count{${f}} ${count}`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function sendFleetMetrics(
  options: Pick<FleetOptions, 'metricsPush' | 'metricsFile'>,
  fleet: string,
  tally: Pick<FleetTally, 'counts' | 'durations'>,
  cwd: string,
  logger: CliLogger,
): Promise<void> {
  const { metricsPush, metricsFile } = options;
  if (metricsPush === undefined && metricsFile === undefined) return;
  const lib = await import('@godwit/plugin-metrics');
  const text = fleetMetricsText(fleet, tally);
  // The plugin's writers read a registry's text and content type: this run's text is one.
  const registry = { contentType: 'text/plain; version=0.0.4; charset=utf-8', metrics: async () => text } as unknown as Parameters<typeof lib.pushMetrics>[0];
  const sends: Array<[string, () => Promise<void>]> = [];
  if (metricsPush !== undefined) sends.push(['push', () => lib.pushMetrics(registry, { url: metricsPush, database: `fleet:${fleet}` })]);
  if (metricsFile !== undefined) sends.push(['file', () => lib.writeMetricsFile(registry, pathForTools(localPath(cwd, metricsFile)))]);
  for (const [kind, send] of sends) {
    try {
      await send();
    } catch (e) {
      const err = e instanceof Error ? e.message : String(e);
      logger.error({ event: 'metrics-failed', kind, err }, `metrics: ${err}`);
    }
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
