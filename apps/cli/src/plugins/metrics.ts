/**
 * `--metrics-push <url>` and `--metrics-file <path>`: the metrics plugin for one command. The
 * plugin package (and prom-client) is imported only when one of the flags is given. After the
 * command, the state gauges are read from the database and the metrics go out; a failure to
 * send them is logged as an error but does not change the command's exit code: the migration
 * itself did what it reported.
 */
import type { GodwitEvent, Logger, Migrator, Plugin, ResolvedDatabase } from '@godwit/core';
import type { GlobalOptions } from '../settings/options.js';
import { localPath, pathForTools } from '../settings/paths.js';

export interface CliMetrics {
  plugin: Plugin;
  onEvent(event: GodwitEvent): void;
  /** refresh the state from the database (when there is one), then push and/or write */
  finish(migrator: Migrator, hasDatabase: boolean, logger: Logger): Promise<void>;
}

/** `id`: the project database's id, else the database's URL (no credentials) labels the metrics. `cwd`: where --metrics-file is relative to. */
export async function openMetrics(
  options: Pick<GlobalOptions, 'metricsPush' | 'metricsFile'>,
  db: ResolvedDatabase | undefined,
  id: string | undefined,
  cwd: string,
): Promise<CliMetrics | undefined> {
  const { metricsPush, metricsFile } = options;
  if (metricsPush === undefined && metricsFile === undefined) return undefined;
  const lib = await import('@godwit/plugin-metrics');
  const database = id ?? (db ? databaseLabel(db) : 'none');
  // A bad URL is bad usage: say so before anything runs.
  if (metricsPush !== undefined) lib.pushUrl({ url: metricsPush, database });
  const plugin = lib.createMetricsPlugin({ database });
  return {
    plugin,
    onEvent: (event) => plugin.onEvent(event),
    async finish(migrator, hasDatabase, logger) {
      const sends: Array<[string, () => Promise<void>]> = [];
      if (metricsPush !== undefined) sends.push(['push', () => lib.pushMetrics(plugin.registry, { url: metricsPush, database })]);
      if (metricsFile !== undefined) sends.push(['file', () => lib.writeMetricsFile(plugin.registry, pathForTools(localPath(cwd, metricsFile)))]);
      try {
        if (hasDatabase) await plugin.refresh(migrator);
      } catch (e) {
        logger.warn({ event: 'metrics-state-failed', err: messageOf(e) }, `metrics: could not read the migration state: ${messageOf(e)}`);
      }
      for (const [kind, send] of sends) {
        try {
          await send();
          logger.debug({ event: 'metrics-sent', kind }, kind === 'push' ? 'metrics pushed' : `metrics written to ${metricsFile}`);
        } catch (e) {
          logger.error({ event: 'metrics-failed', kind, err: messageOf(e) }, `metrics: ${messageOf(e)}`);
        }
      }
    },
  };
}

/** The `database` label without credentials or query: `postgres://db.internal:5432/app`, `sqlite:./app.db`. */
export function databaseLabel(db: ResolvedDatabase): string {
  if (db.kind === 'sqlite') return `sqlite:${db.sqlitePath ?? db.redacted}`;
  try {
    const url = new URL(db.redacted);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return db.redacted;
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
