/**
 * Push to a Prometheus Pushgateway: a migration run is a batch job that is gone before any
 * scrape. PUT replaces the whole group, so the gateway always holds exactly the last run's
 * metrics for that job and database. The database label goes into the URL base64-encoded
 * (`database@base64/...`) because ids and paths may hold `/`, which the gateway cannot route.
 */
import { GodwitError, redactUrl } from '@godwit/core';
import type { Registry } from 'prom-client';

export interface PushOptions {
  /** the Pushgateway's base URL, e.g. http://pushgateway:9091 */
  url: string;
  /** default `godwit` */
  job?: string;
  /** grouping label `database` */
  database: string;
  /** default 10 s */
  timeoutMs?: number;
}

export function pushUrl(options: Pick<PushOptions, 'url' | 'job' | 'database'>): string {
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new GodwitError('USAGE', `--metrics-push ${redactUrl(options.url)} is not a URL`, {
      hint: 'e.g. --metrics-push http://pushgateway:9091',
    });
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new GodwitError('USAGE', `--metrics-push needs an http:// or https:// URL, got ${redactUrl(options.url)}`, {
      hint: 'e.g. --metrics-push http://pushgateway:9091',
    });
  }
  const path = base.pathname.replace(/\/+$/, '');
  const job = encodeURIComponent(options.job ?? 'godwit');
  return `${base.origin}${path}/metrics/job/${job}/database@base64/${base64url(options.database)}`;
}

export async function pushMetrics(registry: Registry, options: PushOptions): Promise<void> {
  const target = pushUrl(options);
  const where = redactUrl(options.url);
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'PUT',
      headers: { 'Content-Type': registry.contentType },
      body: await registry.metrics(),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (e) {
    const reason = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    throw new GodwitError('CONNECTION_FAILED', `could not push metrics to ${where}: ${reason}`, {
      hint: 'check --metrics-push and that the Pushgateway is running',
      cause: e,
    });
  }
  if (!response.ok) {
    const body = (await response.text()).trim().split('\n')[0] ?? '';
    throw new GodwitError('CONNECTION_FAILED', `the Pushgateway at ${where} refused the metrics: ${response.status} ${body}`.trim(), {
      hint: 'check --metrics-push points at a Pushgateway',
    });
  }
}

/** RFC 4648 base64url with padding; the empty value is `=` (the gateway's spelling). */
function base64url(value: string): string {
  if (value === '') return '=';
  const raw = Buffer.from(value, 'utf8').toString('base64url');
  return raw + '='.repeat((4 - (raw.length % 4)) % 4);
}
