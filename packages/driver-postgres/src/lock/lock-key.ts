/**
 * The advisory lock key for one store: a stable 64-bit number derived from the resolved schema and
 * table, so every runner of every Godwit version computes the same key for the same store, and two
 * stores in one database (say `public.godwit_migrations` and `ops.godwit_migrations`) do not block
 * each other. Computed here rather than with hashtext(), whose output is not promised to be stable
 * across PostgreSQL major versions.
 */
import { createHash } from 'node:crypto';

export interface LockKey {
  /** the bigint key as text, for SQL */
  key: string;
  /** the two halves pg_locks shows for a bigint advisory lock (classid, objid) */
  classid: string;
  objid: string;
}

export function lockKey(schema: string, table: string): LockKey {
  const digest = createHash('sha256').update(`godwit:${schema}.${table}`).digest();
  const key = digest.readBigInt64BE(0);
  return {
    key: key.toString(),
    classid: String(digest.readUInt32BE(0)),
    objid: String(digest.readUInt32BE(4)),
  };
}
