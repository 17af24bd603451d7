/**
 * Whether a scanned statement (statement-scan.ts) is certainly one that classify.ts has nothing to
 * say about: it can run in a transaction on every server version, it is not transaction control,
 * and it needs no server version, so the parser would keep no tree for it (affectsTransaction is
 * false). Decided from its leading keywords, with a list of what is known to be plain rather than
 * a list of what is not: anything unlisted, odd or new goes to the parser, which costs time, never
 * a different decision.
 *
 * What classify.ts looks at, and why none of it passes here:
 * - CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, ALTER TABLE ... DETACH PARTITION
 *   CONCURRENTLY: any statement holding the word CONCURRENTLY goes to the parser;
 * - VACUUM, REINDEX, CLUSTER, CREATE/DROP/ALTER DATABASE, ALTER SYSTEM, CREATE/DROP TABLESPACE,
 *   CREATE SUBSCRIPTION, and transaction control (BEGIN, START, COMMIT, END, ROLLBACK, ABORT,
 *   PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED): their leading words are not listed;
 * - ALTER TYPE ... ADD VALUE / RENAME VALUE (the node that needs the server version): an ALTER
 *   TYPE holding the word VALUE goes to the parser.
 * And two forms the lexical scan cannot split alone, because `;` is part of their grammar:
 * `BEGIN ATOMIC ... END` bodies (any statement holding the word ATOMIC) and CREATE RULE (unlisted).
 */
import type { ScannedStatement } from './statement-scan.js';

/** The words statement-scan.ts is asked to watch for (see the file comment). */
export const WATCHED_WORDS: ReadonlySet<string> = new Set(['CONCURRENTLY', 'ATOMIC', 'VALUE']);

/** Statements plain whatever follows their first word (data, privileges, comments, session settings, DO blocks). */
const PLAIN_FIRST = new Set([
  'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'SELECT', 'VALUES', 'WITH', 'TABLE', 'TRUNCATE', 'COPY',
  'COMMENT', 'GRANT', 'REVOKE', 'LOCK', 'SET', 'RESET', 'DO', 'CALL', 'ANALYZE', 'ANALYSE', 'REFRESH',
]);

/** Object kinds whose CREATE, ALTER and DROP are plain (with the word checks above). */
const PLAIN_KINDS = new Set([
  'TABLE', 'INDEX', 'SEQUENCE', 'VIEW', 'SCHEMA', 'EXTENSION', 'TYPE', 'DOMAIN', 'FUNCTION', 'PROCEDURE',
  'ROUTINE', 'TRIGGER', 'AGGREGATE', 'CAST', 'COLLATION', 'POLICY', 'ROLE', 'USER', 'GROUP', 'STATISTICS',
  'OPERATOR',
]);

/** Words that may stand between CREATE/ALTER/DROP and the kind (`CREATE OR REPLACE`, `UNIQUE INDEX`, `MATERIALIZED VIEW`, ...). */
const KIND_PREFIXES = new Set(['OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'GLOBAL', 'LOCAL', 'UNLOGGED', 'UNIQUE', 'RECURSIVE', 'MATERIALIZED', 'CONSTRAINT', 'FOREIGN']);

export function certainlyPlain(s: ScannedStatement): boolean {
  if (s.doubtful || s.seen.includes('CONCURRENTLY') || s.seen.includes('ATOMIC')) return false;
  const first = s.lead[0];
  if (first === undefined) return false;
  if (PLAIN_FIRST.has(first)) return true;
  if (first !== 'CREATE' && first !== 'ALTER' && first !== 'DROP') return false;
  let k = 1;
  while (k < s.lead.length && KIND_PREFIXES.has(s.lead[k]!)) k++;
  const kind = s.lead[k];
  if (kind === undefined || !PLAIN_KINDS.has(kind)) return false;
  // ALTER TYPE ... ADD VALUE / RENAME VALUE is an enum change: its rules depend on the server version.
  return !(first === 'ALTER' && kind === 'TYPE' && s.seen.includes('VALUE'));
}
