/**
 * Who holds locks on this database's tables, for the error of a migration statement that gave up
 * waiting for one after its last retry (Driver.lockHolders). Read once the statement failed, so
 * pg_blocking_pids() has nobody to ask about: every other session holding a granted table lock in
 * this database is named, the oldest transaction first (usually the one in the way).
 */
import type pg from 'pg';

const MAX_NAMED = 3;

export async function describeTableLockHolders(client: pg.Client): Promise<string | undefined> {
  try {
    const result = await client.query<{
      pid: number;
      application_name: string | null;
      query_start: Date | null;
      xact_start: Date | null;
      tables: string;
    }>(
      `SELECT a.pid, a.application_name, a.query_start, a.xact_start,
              string_agg(DISTINCT l.relation::regclass::text, ', ') AS tables
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid()
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       GROUP BY a.pid, a.application_name, a.query_start, a.xact_start
       ORDER BY a.xact_start NULLS LAST, a.pid
       LIMIT ${MAX_NAMED}`,
    );
    if (result.rows.length === 0) return undefined;
    return result.rows
      .map((row) => {
        const facts = [
          `application ${row.application_name ? JSON.stringify(row.application_name) : 'unnamed'}`,
          row.query_start ? `query started ${row.query_start.toISOString()}` : undefined,
          `locks ${row.tables}`,
        ].filter((f) => f !== undefined);
        return `pid ${row.pid} (${facts.join(', ')})`;
      })
      .join('; ');
  } catch {
    // Naming the holder is a courtesy; failing to must not hide the lock timeout itself.
    return undefined;
  }
}
