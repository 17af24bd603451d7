/**
 * Every rule the linter knows: its id, default severity and what it is about, in one table that the
 * engine (severity, config checks), `godwit lint --rules` and the README's rule table are made from.
 * Ids are squawk's where squawk has the rule, so habits carry over.
 */
import type { Dialect, Severity } from './contract.js';

export interface RuleInfo {
  id: string;
  dialect: Dialect | 'any';
  severity: Severity;
  /**
   * The finding is about how long a lock is held on a table, which depends on its size: on a table
   * the database says is small (`smallTableRows`), it reports a warning instead of an error.
   */
  sizeSensitive?: true;
  /** what it catches */
  catches: string;
  /** the safe alternative */
  safe: string;
}

export const RULES: readonly RuleInfo[] = [
  // PostgreSQL: locks
  { id: 'require-concurrent-index-creation', dialect: 'postgres', severity: 'error', sizeSensitive: true, catches: 'CREATE INDEX without CONCURRENTLY on an existing table: blocks writes until the index is built', safe: 'CREATE INDEX CONCURRENTLY in a `-- +goose NO TRANSACTION` migration' },
  { id: 'require-concurrent-index-deletion', dialect: 'postgres', severity: 'error', catches: 'DROP INDEX without CONCURRENTLY: ACCESS EXCLUSIVE on the table, queued behind every running query', safe: 'DROP INDEX CONCURRENTLY IF EXISTS in a `-- +goose NO TRANSACTION` migration' },
  { id: 'ban-concurrent-index-creation-in-transaction', dialect: 'postgres', severity: 'error', catches: 'CREATE INDEX CONCURRENTLY in a migration that runs in a transaction: PostgreSQL refuses it', safe: 'the index alone in a migration with `-- +goose NO TRANSACTION`' },
  { id: 'adding-not-nullable-field', dialect: 'postgres', severity: 'error', catches: 'ADD COLUMN ... NOT NULL without a default on an existing table: fails as soon as the table has a row', safe: 'ADD COLUMN ... NOT NULL DEFAULT <constant> (no rewrite since PostgreSQL 11), or nullable + backfill + the CHECK NOT VALID route' },
  { id: 'adding-field-with-default', dialect: 'postgres', severity: 'error', sizeSensitive: true, catches: 'ADD COLUMN with a volatile default (random(), gen_random_uuid(), clock_timestamp()...) or a stored generated column: rewrites the table under ACCESS EXCLUSIVE', safe: 'add the column without a default, SET DEFAULT, backfill in batches' },
  { id: 'changing-column-type', dialect: 'postgres', severity: 'error', sizeSensitive: true, catches: 'ALTER COLUMN ... TYPE: rewrites the table and its indexes under ACCESS EXCLUSIVE', safe: 'a new column, backfilled in batches, then swapped in a later migration' },
  { id: 'constraint-missing-not-valid', dialect: 'postgres', severity: 'error', sizeSensitive: true, catches: 'ADD CONSTRAINT ... FOREIGN KEY or CHECK without NOT VALID on an existing table (or VALIDATE in the same transaction): scans the table holding a lock that blocks writes', safe: 'ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later migration' },
  { id: 'adding-foreign-key-constraint', dialect: 'postgres', severity: 'warning', catches: 'ADD COLUMN ... REFERENCES on an existing table: SHARE ROW EXCLUSIVE on both tables, with no NOT VALID form', safe: 'add the column, then ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID and VALIDATE CONSTRAINT later' },
  { id: 'disallowed-unique-constraint', dialect: 'postgres', severity: 'error', sizeSensitive: true, catches: 'ADD CONSTRAINT ... UNIQUE (or a UNIQUE column) on an existing table: builds the index under ACCESS EXCLUSIVE', safe: 'CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE USING INDEX' },
  { id: 'setting-not-null', dialect: 'postgres', severity: 'error', sizeSensitive: true, catches: 'ALTER COLUMN ... SET NOT NULL: scans the whole table under ACCESS EXCLUSIVE', safe: 'CHECK (col IS NOT NULL) NOT VALID, VALIDATE, then SET NOT NULL (no scan since PostgreSQL 12) and drop the CHECK' },
  { id: 'ban-vacuum-full-and-cluster', dialect: 'postgres', severity: 'error', sizeSensitive: true, catches: 'VACUUM FULL or CLUSTER: rewrites the table under ACCESS EXCLUSIVE', safe: 'plain VACUUM, or pg_repack outside migrations' },
  { id: 'require-lock-timeout', dialect: 'postgres', severity: 'warning', catches: 'a statement that locks an existing table with no lock_timeout (neither the file nor the run sets one): a lock queued behind a long query blocks every query after it', safe: "SET lock_timeout = '5s'; first, or run with --lock-timeout" },
  // PostgreSQL: what breaks the running application
  { id: 'ban-drop-column', dialect: 'postgres', severity: 'error', catches: 'DROP COLUMN: the running application still reads it', safe: 'stop reading the column in a release first; then drop it with `-- godwit:ignore ban-drop-column -- <reason>`' },
  { id: 'ban-drop-table', dialect: 'postgres', severity: 'error', catches: 'DROP TABLE of an existing table: the running application still uses it', safe: 'stop using the table in a release first; then drop it with `-- godwit:ignore ban-drop-table -- <reason>`' },
  { id: 'renaming-column', dialect: 'postgres', severity: 'error', catches: 'RENAME COLUMN: the running application still uses the old name', safe: 'add the new column, write both, backfill, move readers, drop the old one later' },
  { id: 'renaming-table', dialect: 'postgres', severity: 'error', catches: 'RENAME TO: the running application still uses the old name', safe: 'rename, then CREATE VIEW <old> AS SELECT * FROM <new> until the application moved' },
  { id: 'destructive-in-expand', dialect: 'postgres', severity: 'error', catches: 'DROP COLUMN, RENAME or SET NOT NULL on an existing table in a `-- +godwit PHASE expand` migration: the application deployed before it still relies on it (drops in a contract migration are not reported by ban-drop-column / ban-drop-table)', safe: 'move it to a `-- +godwit PHASE contract` migration, applied with `godwit up --phase contract` after the deploy' },
  { id: 'ban-truncate-cascade', dialect: 'postgres', severity: 'error', catches: 'TRUNCATE ... CASCADE: also empties every table that references it, recursively', safe: 'TRUNCATE the tables you mean, by name' },
  // PostgreSQL: transactions and retries
  { id: 'transaction-nesting', dialect: 'postgres', severity: 'warning', catches: "the file's own BEGIN / COMMIT / ROLLBACK: Godwit already runs each migration in a transaction", safe: 'remove them (one transaction per migration), or `-- +goose NO TRANSACTION`' },
  { id: 'prefer-robust-stmts', dialect: 'postgres', severity: 'warning', catches: 'in a NO TRANSACTION migration, a statement that fails when run again after a partial run', safe: 'IF NOT EXISTS / IF EXISTS forms (DROP CONSTRAINT IF EXISTS before ADD CONSTRAINT)' },
  { id: 'add-enum-value-in-transaction', dialect: 'postgres', severity: 'error', catches: 'ALTER TYPE ... ADD VALUE in a transaction: fails before PostgreSQL 12; on 12+ the new value cannot be used in the same transaction', safe: 'ADD VALUE in its own migration (with `-- +goose NO TRANSACTION` before PostgreSQL 12)' },
  { id: 'require-enum-value-ordering', dialect: 'postgres', severity: 'warning', catches: 'ALTER TYPE ... ADD VALUE without BEFORE / AFTER: the value sorts last, which ORDER BY and comparisons on the enum see', safe: "ADD VALUE IF NOT EXISTS 'v' AFTER 'existing' (or ignore when last is meant)" },
  // PostgreSQL: schema habits
  { id: 'prefer-bigint-over-int', dialect: 'postgres', severity: 'warning', catches: 'integer / smallint / serial columns: they run out, and widening them later rewrites the table', safe: 'bigint (bigint GENERATED ... AS IDENTITY for keys)' },
  { id: 'prefer-identity', dialect: 'postgres', severity: 'warning', catches: 'serial / bigserial: a sequence owned loosely by the column, with surprising permissions and copies', safe: 'bigint GENERATED ALWAYS AS IDENTITY' },
  { id: 'prefer-timestamptz', dialect: 'postgres', severity: 'warning', catches: 'timestamp without time zone: values change meaning with the session time zone', safe: 'timestamptz' },
  { id: 'ban-char-field', dialect: 'postgres', severity: 'warning', catches: 'char(n): padded with spaces, no faster than text', safe: 'text (with a CHECK on length) or varchar(n)' },
  { id: 'identifier-too-long', dialect: 'postgres', severity: 'error', catches: 'a name longer than 63 bytes: PostgreSQL silently truncates it, so later references miss', safe: 'a name of at most 63 bytes' },
  // Godwit: history
  { id: 'non-linear', dialect: 'any', severity: 'error', catches: 'a migration the branch adds numbered below one already in the base branch (--since): it would run out of order', safe: 'renumber it above the base branch\'s highest (godwit create numbers it so)' },
  { id: 'parse-error', dialect: 'any', severity: 'error', catches: 'a file that does not parse (or an ENVSUB variable that is unset): nothing else can be checked in it', safe: 'fix the file; `godwit validate` says the same' },
  { id: 'unused-ignore', dialect: 'any', severity: 'warning', catches: 'a `godwit:ignore` comment that suppresses nothing', safe: 'remove it' },
  // SQLite
  { id: 'sqlite-adding-not-nullable-field', dialect: 'sqlite', severity: 'error', catches: 'ALTER TABLE ... ADD COLUMN ... NOT NULL without a default: SQLite refuses it', safe: 'ADD COLUMN ... NOT NULL DEFAULT <constant>, or a table rebuild' },
  { id: 'sqlite-unsupported-alter', dialect: 'sqlite', severity: 'error', catches: 'ALTER TABLE forms SQLite cannot do in place (ALTER COLUMN, ADD CONSTRAINT, a UNIQUE or PRIMARY KEY column, a non-constant default)', safe: 'the 12-step table rebuild (new table, copy, drop, rename) with PRAGMA foreign_keys handling' },
  { id: 'sqlite-rebuild-without-foreign-keys-off', dialect: 'sqlite', severity: 'error', catches: 'a table rebuild (DROP TABLE then RENAME TO that name) without PRAGMA foreign_keys = OFF before it: the drop deletes or breaks referencing rows', safe: '-- +goose NO TRANSACTION, PRAGMA foreign_keys = OFF; the rebuild in BEGIN ... COMMIT with PRAGMA foreign_key_check; then PRAGMA foreign_keys = ON' },
  // MongoDB
  { id: 'mongodb-empty-filter', dialect: 'mongodb', severity: 'error', catches: 'update / delete with an empty filter (`q: {}`): every document of the collection', safe: 'a filter naming the documents; when every document is meant, say so: `"comment": "godwit:ignore mongodb-empty-filter -- <reason>"`' },
  { id: 'mongodb-drop-collection', dialect: 'mongodb', severity: 'error', catches: '`drop` of a collection: its data is gone, and the running application still uses it', safe: 'stop using it in a release first; then drop it with `"comment": "godwit:ignore mongodb-drop-collection -- <reason>"`' },
  { id: 'mongodb-create-index-cost', dialect: 'mongodb', severity: 'warning', catches: '`createIndexes` on an existing collection: builds over every document and holds an exclusive lock at its start and end', safe: 'build it in a quiet period, or on a rolling basis per replica; a `comment` field on the command acknowledges the cost' },
  { id: 'mongodb-drop-all-indexes', dialect: 'mongodb', severity: 'error', catches: '`dropIndexes` with `"*"`: every index but _id, so every query falls back to a collection scan', safe: 'name the indexes to drop' },
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo | undefined {
  return BY_ID.get(id);
}
