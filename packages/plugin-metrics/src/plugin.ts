/**
 * The metrics plugin. Step counts and durations come from the `afterRun` hook (the run's own
 * results, so a single-transaction run that was rolled back counts as `rolled-back`, not
 * `applied`). Lock waits and runs that stop before any step (lock timeout, dirty store) are only
 * visible as events, so the plugin also has an `onEvent` listener the caller hands to
 * `createMigrator({ onEvent })`. The state gauges (version, pending, dirty) come from
 * `migrator.health()` through `observe` or `refresh`.
 */
import type { GodwitEvent, HealthReport, Migrator, Plugin, RunResult } from '@godwit/core';
import type { Registry } from 'prom-client';
import { createGodwitMetrics, type GodwitMetrics } from './metrics.js';

export interface MetricsPluginOptions {
  /** the `database` label: a short stable name such as `postgres-app` (never a URL with a password) */
  database: string;
  /** default: a new Registry of its own */
  registry?: Registry;
  /** buckets of godwit_migration_duration_seconds, in seconds */
  buckets?: number[];
  /** clock for the last-success timestamp, ms since the epoch (tests) */
  now?: () => number;
}

export interface MetricsPlugin extends Plugin {
  readonly registry: Registry;
  readonly database: string;
  /** give this to `createMigrator({ onEvent })` (call it from yours if you have one) */
  onEvent(event: GodwitEvent): void;
  /** set godwit_schema_version, godwit_pending_migrations and godwit_dirty from a health report */
  observe(report: HealthReport): void;
  /** read `migrator.health()` and observe it */
  refresh(migrator: Pick<Migrator, 'health'>): Promise<HealthReport>;
  /** the exposition text of the plugin's registry */
  metrics(): Promise<string>;
}

export function createMetricsPlugin(options: MetricsPluginOptions): MetricsPlugin {
  const { database } = options;
  const now = options.now ?? Date.now;
  const m: GodwitMetrics = createGodwitMetrics(options.registry, options.buckets);
  // Start the usual series at 0 so `increase()` in an alert sees the first failure.
  for (const result of ['applied', 'failed']) m.migrationsTotal.inc({ database, direction: 'up', result }, 0);
  let dryRun = false;

  const recordRun = (ok: boolean, durationMs: number, after: number): void => {
    m.runDuration.set({ database }, durationMs / 1000);
    if (ok) {
      m.schemaVersion.set({ database }, after);
      m.lastSuccess.set({ database }, Math.floor(now() / 1000));
    }
  };

  // Closures, not `this`: callers pass these methods around detached (`onEvent: plugin.onEvent`).
  const observe = (report: HealthReport): void => {
    m.schemaVersion.set({ database }, report.current);
    m.pendingMigrations.set({ database }, report.pending);
    m.dirty.set({ database }, report.dirty ? 1 : 0);
  };

  return {
    name: 'metrics',
    registry: m.registry,
    database,

    afterRun(result: RunResult) {
      for (const step of result.results) {
        if (step.status === 'planned') continue;
        m.migrationsTotal.inc({ database, direction: step.direction, result: step.status });
        m.migrationDuration.observe({ database, direction: step.direction }, step.durationMs / 1000);
      }
      recordRun(result.ok, result.durationMs, result.after);
    },

    onEvent(event) {
      switch (event.event) {
        case 'run-start':
          dryRun = event.dryRun;
          return;
        case 'lock-acquired':
          m.lockWait.set({ database }, event.waitedMs / 1000);
          return;
        case 'run-end':
          // Also covers runs that stopped before any step, which never reach afterRun.
          if (!dryRun) recordRun(event.ok, event.durationMs, event.after);
          dryRun = false;
          return;
        default:
          return;
      }
    },

    observe,

    async refresh(migrator) {
      const report = await migrator.health();
      observe(report);
      return report;
    },

    metrics: () => m.registry.metrics(),
  };
}
