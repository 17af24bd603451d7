/**
 * One-off reads for the CLI's fleets, outside any migration: the schemas of a database that match
 * a LIKE pattern (`godwit fleet --schemas 'tenant_%'`), and the first column of a query on a
 * control database (`--targets-query`). One session each, closed on every path.
 */
import { GodwitError, redactSecrets, secretsOf } from '@godwit/core';
import { connectionSettings } from './config.js';
import { closeSession, openSession } from './connect.js';
import { DEFAULT_APPLICATION_NAME, DEFAULT_CONNECT_TIMEOUT_MS } from '../options.js';

export interface ControlQueryOptions {
  connectTimeoutMs?: number;
}

/** The schemas whose names match `pattern` (SQL LIKE), in name order, PostgreSQL's own excluded. */
export function listSchemas(url: string, pattern: string, options: ControlQueryOptions = {}): Promise<string[]> {
  return firstColumn(
    url,
    `SELECT nspname FROM pg_namespace
      WHERE nspname LIKE $1 AND nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
      ORDER BY nspname`,
    [pattern],
    options,
    `listing the schemas like ${pattern}`,
  );
}

/** Every row's first column as text (NULLs skipped), in the query's order. */
export function queryFirstColumn(url: string, sql: string, options: ControlQueryOptions = {}): Promise<string[]> {
  return firstColumn(url, sql, [], options, 'the targets query');
}

async function firstColumn(url: string, sql: string, params: unknown[], options: ControlQueryOptions, what: string): Promise<string[]> {
  const secrets = secretsOf(url);
  const settings = connectionSettings(url, {
    applicationName: DEFAULT_APPLICATION_NAME,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
  const session = await openSession({ url, settings, secrets });
  try {
    const result = await session.client.query({ text: sql, values: params, rowMode: 'array' });
    return (result.rows as unknown[][]).flatMap((row) => (row[0] === null || row[0] === undefined ? [] : [String(row[0])]));
  } catch (e) {
    const message = redactSecrets(e instanceof Error ? e.message : String(e), secrets);
    throw new GodwitError('CONFIG', `${what} failed: ${message}`, { hint: 'run the query in psql against the same database, fix it, and try again', cause: e });
  } finally {
    await closeSession(session);
  }
}
