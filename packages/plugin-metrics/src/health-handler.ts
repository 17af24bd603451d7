/**
 * A readiness endpoint: the health report as JSON, 200 when the database is at the latest
 * migration, clean and unchanged, 503 otherwise (so a load balancer or Kubernetes holds traffic
 * back until migrations have run). A database that cannot be read is 503 too.
 */
import type { Migrator } from '@godwit/core';
import { type RequestHandler, send } from './http.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export function createHealthHandler(migrator: Pick<Migrator, 'health'>): RequestHandler {
  return (req, res) => {
    void (async () => {
      try {
        const report = await migrator.health();
        send(req, res, report.ok ? 200 : 503, JSON_TYPE, `${JSON.stringify(report)}\n`);
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        send(req, res, 503, JSON_TYPE, `${JSON.stringify({ ok: false, error })}\n`);
      }
    })();
  };
}
