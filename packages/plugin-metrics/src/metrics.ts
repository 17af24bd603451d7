/**
 * The metric families Godwit exports, on a registry of their own so an application that embeds
 * the migrator keeps its default registry (and its metric names) untouched.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type DatabaseLabel = 'database';

export interface GodwitMetrics {
  registry: Registry;
  migrationsTotal: Counter<'database' | 'direction' | 'result'>;
  migrationDuration: Histogram<'database' | 'direction'>;
  runDuration: Gauge<DatabaseLabel>;
  lockWait: Gauge<DatabaseLabel>;
  schemaVersion: Gauge<DatabaseLabel>;
  pendingMigrations: Gauge<DatabaseLabel>;
  dirty: Gauge<DatabaseLabel>;
  lastSuccess: Gauge<DatabaseLabel>;
}

/** Migrations take from milliseconds (an ALTER on an empty table) to hours (a backfill). */
export const DEFAULT_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];

export function createGodwitMetrics(registry: Registry = new Registry(), buckets: number[] = DEFAULT_BUCKETS): GodwitMetrics {
  const registers = [registry];
  return {
    registry,
    migrationsTotal: new Counter({
      name: 'godwit_migrations_total',
      help: 'Migration steps run, by direction (up, down, skip) and result (applied, failed, skipped-concurrent, rolled-back)',
      labelNames: ['database', 'direction', 'result'],
      registers,
    }),
    migrationDuration: new Histogram({
      name: 'godwit_migration_duration_seconds',
      help: 'Time each migration step took',
      labelNames: ['database', 'direction'],
      buckets,
      registers,
    }),
    runDuration: new Gauge({
      name: 'godwit_run_duration_seconds',
      help: 'Time the last run took, lock wait included',
      labelNames: ['database'],
      registers,
    }),
    lockWait: new Gauge({
      name: 'godwit_lock_wait_seconds',
      help: "Time the last run waited for another runner's migration lock",
      labelNames: ['database'],
      registers,
    }),
    schemaVersion: new Gauge({
      name: 'godwit_schema_version',
      help: 'Highest applied migration version (0 when none)',
      labelNames: ['database'],
      registers,
    }),
    pendingMigrations: new Gauge({
      name: 'godwit_pending_migrations',
      help: 'Migrations not applied yet',
      labelNames: ['database'],
      registers,
    }),
    dirty: new Gauge({
      name: 'godwit_dirty',
      help: '1 when a migration failed half-way and the store is dirty (runs are blocked until godwit force)',
      labelNames: ['database'],
      registers,
    }),
    lastSuccess: new Gauge({
      name: 'godwit_last_success_timestamp_seconds',
      help: 'Unix time of the last run that finished without error',
      labelNames: ['database'],
      registers,
    }),
  };
}
