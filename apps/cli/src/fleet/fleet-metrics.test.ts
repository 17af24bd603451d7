import { describe, expect, it } from 'vitest';
import { fleetMetricsText } from './fleet-metrics.js';
import { FleetTally } from './fleet-tally.js';
import type { TargetReport } from './target-report.js';

const report = (state: string, durationMs?: number): TargetReport => ({
  entry: { id: state, url: 'sqlite:x.db' },
  target: 'sqlite:x.db',
  state,
  ok: state !== 'failed',
  json: {},
  ...(durationMs !== undefined && { durationMs }),
});

describe('fleetMetricsText', () => {
  it('counts targets by result and buckets their durations, labelled by fleet', () => {
    const tally = new FleetTally();
    // out of order, as targets finish: counted in list order all the same
    for (const [i, r] of [[1, report('migrated', 400)], [0, report('migrated', 80)], [3, report('skipped')], [2, report('failed', 2000)]] as const) tally.add(i, r);
    const text = fleetMetricsText('ten"ants', tally);
    expect(text).toContain('godwit_fleet_targets{fleet="ten\\"ants",result="migrated"} 2\n');
    expect(text).toContain('godwit_fleet_targets{fleet="ten\\"ants",result="skipped"} 1\n');
    expect(text).toContain('godwit_fleet_target_duration_seconds_bucket{fleet="ten\\"ants",le="0.1"} 1\n');
    expect(text).toContain('godwit_fleet_target_duration_seconds_bucket{fleet="ten\\"ants",le="0.5"} 2\n');
    expect(text).toContain('godwit_fleet_target_duration_seconds_bucket{fleet="ten\\"ants",le="+Inf"} 3\n');
    expect(text).toContain('godwit_fleet_target_duration_seconds_count{fleet="ten\\"ants"} 3\n');
    expect(text).toContain('godwit_fleet_target_duration_seconds_sum{fleet="ten\\"ants"} 2.48\n');
  });
});
