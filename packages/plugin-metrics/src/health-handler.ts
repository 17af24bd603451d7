/**
 * A readiness endpoint: 200 when the database is at the latest migration, clean and unchanged,
 * 503 otherwise (so a load balancer or Kubernetes holds traffic back until migrations have run).
 * A database that cannot be read is 503 too.
 *
 * The endpoint is unauthenticated, so by default it tells strangers only what a probe needs:
 * `{ ok, version, pending, dirty }`. File names, versions pending, checksum problems, the last
 * run's error and, above all, a database error's text (host names, user names, schema details)
 * stay inside: errors go to the logger. `detailed: true` serves the whole health report, for an
 * endpoint only the operators can reach.
 */
import { type HealthReport, type Logger, type Migrator, redactSecrets } from '@godwit/core';
import { type RequestHandler, send } from './http.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export interface HealthHandlerOptions {
  /** serve the whole health report (pending versions, problems, last run): internal endpoints only */
  detailed?: boolean;
  /** where a failure to read the database is logged (default: one line on stderr) */
  logger?: Pick<Logger, 'error'>;
}

/** What an unauthenticated caller sees. */
export interface PublicHealth {
  ok: boolean;
  /** the current schema version (0 when none) */
  version: number;
  pending: number;
  dirty: boolean;
}

export function publicHealth(report: HealthReport): PublicHealth {
  return { ok: report.ok, version: report.current, pending: report.pending, dirty: report.dirty };
}

export function createHealthHandler(migrator: Pick<Migrator, 'health'>, options: HealthHandlerOptions = {}): RequestHandler {
  const logger = options.logger ?? stderrLogger;
  return (req, res) => {
    void (async () => {
      try {
        const report = await migrator.health();
        const body = options.detailed ? report : publicHealth(report);
        send(req, res, report.ok ? 200 : 503, JSON_TYPE, `${JSON.stringify(body)}\n`);
      } catch (e) {
        const error = redactSecrets(e instanceof Error ? e.message : String(e));
        logger.error({ event: 'health-failed', err: error }, `health check could not read the migration state: ${error}`);
        // Not even with `detailed`: a database error is for the log, never for an HTTP client.
        send(req, res, 503, JSON_TYPE, `${JSON.stringify({ ok: false })}\n`);
      }
    })();
  };
}

const stderrLogger: Pick<Logger, 'error'> = {
  error: (_obj, msg) => process.stderr.write(`godwit: ${msg}\n`),
};
