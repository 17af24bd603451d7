/**
 * What `godwit rehearse` reads on PostgreSQL after each migration, on the rehearsal's own open
 * transaction: the relation locks this backend holds (pg_locks, `ACCESS EXCLUSIVE on orders`) and
 * the rows the transaction changed so far (pg_stat_xact_user_tables counts them before commit).
 */
import type { RehearsalProbe } from '@godwit/core';
import type { PgStepSession } from '../session/step-session.js';

const LOCKS = `SELECT l.mode, n.nspname AS nsp, c.relname AS rel
FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE l.pid = pg_backend_pid() AND l.granted AND l.locktype = 'relation' AND c.relkind IN ('r', 'p', 'm', 'v', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'`;

const ROWS = 'SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint AS n FROM pg_stat_xact_user_tables';

export const postgresRehearsal: RehearsalProbe<PgStepSession> = {
  async locks(s) {
    const r = await s.query<{ mode: string; nsp: string; rel: string }>(LOCKS);
    return [...new Set(r.rows.map((l) => `${modeName(l.mode)} on ${l.nsp === 'public' ? l.rel : `${l.nsp}.${l.rel}`}`))].sort();
  },
  async rowsChanged(s) {
    const r = await s.query<{ n: string }>(ROWS);
    return Number(r.rows[0]?.n ?? 0);
  },
};

/** `AccessExclusiveLock` -> `ACCESS EXCLUSIVE`, as the PostgreSQL documentation names the modes. */
export function modeName(mode: string): string {
  return mode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}
