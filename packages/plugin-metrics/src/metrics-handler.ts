/**
 * `/metrics` for processes that stay up (an app that migrates at start-up). With a migrator, each
 * scrape first refreshes the state gauges from `migrator.health()` (read-only, no lock), so a
 * scrape shows what the database holds now, not what it held after the last run.
 */
import type { Migrator } from '@godwit/core';
import type { MetricsPlugin } from './plugin.js';
import { type RequestHandler, send } from './http.js';

export interface MetricsHandlerOptions {
  migrator?: Pick<Migrator, 'health'>;
}

export function createMetricsHandler(plugin: MetricsPlugin, options: MetricsHandlerOptions = {}): RequestHandler {
  return (req, res) => {
    void (async () => {
      try {
        if (options.migrator) await plugin.refresh(options.migrator);
        send(req, res, 200, plugin.registry.contentType, await plugin.metrics());
      } catch (e) {
        // A database that cannot be read fails the scrape (up == 0) rather than serving stale state.
        send(req, res, 503, 'text/plain; charset=utf-8', `godwit: could not read the migration state: ${messageOf(e)}\n`);
      }
    })();
  };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
