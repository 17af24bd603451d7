/**
 * From the user's URL to pg's client configuration. pg reads `sslmode`, `options`,
 * `application_name` and the credentials from the URL itself; this adds what it does not:
 * `?search_path=` (a common spelling that PostgreSQL only understands inside `options`), the
 * libpq `connect_timeout` (seconds), a default `application_name` and the connect timeout.
 */
import type { ClientConfig } from 'pg';
import { GodwitError } from '@godwit/core';

export interface ConnectionSettings {
  /** the URL handed to pg (search_path moved into `options`) */
  connectionString: string;
  applicationName: string;
  connectTimeoutMs: number;
}

export function connectionSettings(
  url: string,
  defaults: { applicationName: string; connectTimeoutMs: number },
  /** the driver's `schema` option: a search_path that replaces the URL's */
  schema?: string,
): ConnectionSettings {
  const q = queryStart(url);
  if (q < 0 && schema === undefined) return { connectionString: url, ...defaults };
  const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  if (schema !== undefined) params.set('search_path', quoteSearchPathEntry(schema));
  const searchPath = params.get('search_path');
  if (searchPath !== null) {
    params.delete('search_path');
    const option = `-c search_path=${escapeOptionValue(searchPath)}`;
    const existing = params.get('options');
    params.set('options', existing ? `${existing} ${option}` : option);
  }
  const timeout = Number(params.get('connect_timeout'));
  const applicationName = params.get('application_name') ?? defaults.applicationName;
  const query = params.toString();
  return {
    connectionString: (q < 0 ? url : url.slice(0, q)) + (query ? `?${query}` : ''),
    applicationName,
    connectTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : defaults.connectTimeoutMs,
  };
}

export function clientConfig(settings: ConnectionSettings): ClientConfig {
  return {
    connectionString: settings.connectionString,
    application_name: settings.applicationName,
    connectionTimeoutMillis: settings.connectTimeoutMs,
  };
}

/** The `?` that starts the query: after the userinfo, since a password may hold a `?`. */
function queryStart(url: string): number {
  const at = url.lastIndexOf('@');
  return url.indexOf('?', Math.max(at, 0));
}

/** One schema as a search_path entry: quoted unless PostgreSQL would read it unquoted as the same name. */
function quoteSearchPathEntry(schema: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(schema) ? schema : `"${schema.replace(/"/g, '""')}"`;
}

/** In PGOPTIONS, white space separates switches; a backslash escapes it (and itself). */
function escapeOptionValue(value: string): string {
  return value.replace(/[\\\s]/g, (c) => `\\${c}`);
}

/** Host, port, database and user as pg will see them, for messages (never the password). */
export function describeTarget(url: string): { host: string; port: string; database?: string; user?: string } {
  const q = queryStart(url);
  const base = q < 0 ? url : url.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:([^:@/]*)(?::.*)?@)?([^/]*)(?:\/(.*))?$/is.exec(base);
  const hostPort = m?.[2] ?? '';
  const hp = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(hostPort);
  const user = params.get('user') ?? (m?.[1] ? safeDecode(m[1]) : undefined);
  const database = params.get('dbname') ?? (m?.[3] ? safeDecode(m[3]) : undefined);
  return {
    host: params.get('host') ?? (hp?.[1] || 'localhost'),
    port: params.get('port') ?? hp?.[2] ?? '5432',
    ...(database !== undefined && { database }),
    ...(user !== undefined && { user }),
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}


/** The driver's `schema` option, checked: undefined, or a non-empty name. */
export function schemaOption(schema: string | undefined): string | undefined {
  if (schema === undefined) return undefined;
  if (typeof schema !== 'string' || schema.trim() === '') {
    throw new GodwitError('USAGE', 'the PostgreSQL schema option is empty', { hint: 'name the schema the target lives in, e.g. tenant_42' });
  }
  return schema;
}
