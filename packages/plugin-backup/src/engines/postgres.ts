/**
 * PostgreSQL: `pg_dump -Fc`, verified with `pg_restore --list`, restored with
 * `pg_restore --clean --if-exists` after emptying the database's schemas (so tables a later
 * migration created do not survive the restore). The password never goes on a command line:
 * the tools get the URL without it and PGPASSWORD in their environment.
 */
import { GodwitError } from '@godwit/core';
import pg from 'pg';
import { redactUrl } from '../redact.js';
import { runTool } from '../tool.js';
import type { Engine } from './engine.js';

// URL parameters libpq understands; others (e.g. our search_path) would make pg_dump refuse the URL.
const LIBPQ_PARAMS = new Set([
  'sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'sslcrl', 'sslcompression', 'connect_timeout',
  'application_name', 'options', 'target_session_attrs', 'keepalives', 'keepalives_idle',
  'keepalives_interval', 'keepalives_count', 'channel_binding', 'gssencmode', 'host', 'port', 'user',
]);

const MISSING_HINT = 'install the PostgreSQL client tools (e.g. apt-get install postgresql-client) or put pg_dump on PATH';

export interface ToolConnection {
  url: string;
  env: Record<string, string | undefined>;
  password: string | undefined;
}

/** The URL for libpq tools without its password, which moves to PGPASSWORD. */
export function toolConnection(url: string, baseEnv: Record<string, string | undefined>): ToolConnection {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new GodwitError('USAGE', 'the PostgreSQL URL cannot be parsed', { hint: 'use postgres://user:password@host:port/database' });
  }
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = '';
  for (const key of [...u.searchParams.keys()]) if (!LIBPQ_PARAMS.has(key)) u.searchParams.delete(key);
  const env = { ...baseEnv };
  if (password !== undefined) env.PGPASSWORD = password;
  return { url: u.toString(), env, password };
}

export function parseMajor(versionText: string): number | undefined {
  const m = /(\d+)(?:\.(\d+))?/.exec(versionText);
  return m ? Number(m[1]) : undefined;
}

export function postgresEngine(url: string, toolEnv: Record<string, string | undefined>): Engine {
  const conn = toolConnection(url, toolEnv);
  const secrets = [conn.password, url];

  async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
    } catch (e) {
      throw new GodwitError('CONNECTION_FAILED', `cannot connect to ${redactUrl(url)}: ${(e as Error).message}`, {
        hint: 'check --database and that the server is up',
      });
    }
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** pg_dump cannot dump a newer server; say so before trying rather than after a cryptic failure. */
  async function checkVersions(): Promise<void> {
    const out = await runTool('pg_dump', ['--version'], conn.env, secrets, MISSING_HINT);
    const tool = parseMajor(out.stdout.replace(/^[^\d]*/, ''));
    const serverNum = await withClient(async (c) => Number((await c.query('SHOW server_version_num')).rows[0].server_version_num));
    const server = Math.floor(serverNum / 10_000);
    if (tool === undefined) throw new GodwitError('BACKUP_FAILED', `cannot read the version of pg_dump from "${out.stdout.trim()}"`);
    if (tool < server) {
      throw new GodwitError('BACKUP_FAILED', `pg_dump ${tool} is older than the server (PostgreSQL ${server})`, {
        hint: `install the PostgreSQL ${server} client tools (pg_dump must be at least as new as the server)`,
      });
    }
  }

  return {
    method: 'pg_dump -Fc',
    ext: 'dump',
    compressed: true,
    async dump(file) {
      await checkVersions();
      await runTool('pg_dump', ['-Fc', '--no-password', `--file=${file}`, `--dbname=${conn.url}`], conn.env, secrets, MISSING_HINT);
    },
    async verify(file) {
      const out = await runTool('pg_restore', ['--list', file], conn.env, secrets, MISSING_HINT);
      const entries = out.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith(';')).length;
      const tables = out.stdout.split('\n').filter((l) => / TABLE DATA /.test(l)).length;
      return `pg_restore --list: ${entries} entries, ${tables} table(s) with data`;
    },
    async restore(file) {
      await withClient(async (c) => {
        const { rows } = await c.query<{ nspname: string }>(
          "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'",
        );
        await c.query('BEGIN');
        for (const { nspname } of rows) await c.query(`DROP SCHEMA ${pg.escapeIdentifier(nspname)} CASCADE`);
        await c.query('CREATE SCHEMA public');
        await c.query('COMMIT');
      });
      await runTool(
        'pg_restore',
        ['--clean', '--if-exists', '--exit-on-error', '--single-transaction', '--no-password', `--dbname=${conn.url}`, file],
        conn.env,
        secrets,
        MISSING_HINT,
      );
    },
  };
}
