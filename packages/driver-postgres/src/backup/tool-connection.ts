/**
 * How pg_dump and pg_restore reach the database without the password ever being on a command
 * line (where `ps` shows it to every user of the machine): the tools get the URL without it, and
 * the password in PGPASSWORD, in an environment only they see.
 */
import { GodwitError } from '@godwit/core';

// URL parameters libpq understands; others (e.g. our search_path) would make pg_dump refuse the URL.
const LIBPQ_PARAMS = new Set([
  'sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'sslcrl', 'sslcompression', 'connect_timeout',
  'application_name', 'options', 'target_session_attrs', 'keepalives', 'keepalives_idle',
  'keepalives_interval', 'keepalives_count', 'channel_binding', 'gssencmode', 'host', 'port', 'user',
]);

export interface ToolConnection {
  /** the URL for `--dbname=`, without its password */
  url: string;
  /** `baseEnv` plus PGPASSWORD when the URL had a password */
  env: Record<string, string | undefined>;
  password: string | undefined;
}

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
