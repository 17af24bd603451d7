/**
 * Who holds the migration lock, in one line: from pg_locks joined to pg_stat_activity. What a
 * non-superuser may see of another user's session is limited, so every field is optional.
 */
import type pg from 'pg';
import type { LockKey } from './lock-key.js';

export async function describeHolder(client: pg.Client, key: LockKey): Promise<string | undefined> {
  try {
    const result = await client.query<{
      pid: number;
      application_name: string | null;
      addr: string | null;
      usename: string | null;
      backend_start: Date | null;
    }>(
      `SELECT a.pid, a.application_name, host(a.client_addr) AS addr, a.usename, a.backend_start
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
         AND l.classid = $1::oid AND l.objid = $2::oid
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       LIMIT 1`,
      [key.classid, key.objid],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    const facts = [
      row.application_name ? `application ${row.application_name}` : undefined,
      `client ${row.addr ?? 'local socket'}`,
      row.usename ? `user ${row.usename}` : undefined,
      row.backend_start ? `connected since ${row.backend_start.toISOString()}` : undefined,
    ].filter((f) => f !== undefined);
    return `pid ${row.pid} (${facts.join(', ')})`;
  } catch {
    // Naming the holder is a courtesy; failing to must not hide the lock timeout itself.
    return undefined;
  }
}
