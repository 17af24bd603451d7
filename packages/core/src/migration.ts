/**
 * What a migration is once its files have been read. Produced by a Source, consumed by the
 * planner (which needs only version, name, checksum, kind and whether a down exists) and by
 * drivers (which run a part's statements or commands).
 */

/** How the files on disk were written. */
export type MigrationFormat =
  | 'goose' // V_name.sql with -- +goose Up / Down annotations
  | 'pair' // V_name.up.sql (+ optional V_name.down.sql), golang-migrate
  | 'json' // V_name.up.json / .up.js (+ down): a JSON array of MongoDB command documents
  | 'unsupported'; // another tool's code migration (goose .go): listed, never run

/** A SQL statement with where it starts in its file (1-based line and column). */
export interface SqlStatement {
  sql: string;
  line: number;
  column: number;
}

/**
 * A piece of a SQL part, in file order. `atomic` chunks come from StatementBegin/End and are sent
 * as one statement; the others are free SQL text that the driver's dialect splits into statements.
 * `text` has already had ENVSUB applied when the part asked for it.
 */
export interface SqlChunk {
  text: string;
  /** 1-based line in `file` where `text` starts (column 1). */
  line: number;
  atomic: boolean;
  /**
   * `-- +godwit BATCH size=N delay=D` came right before this chunk: its first statement is a
   * batched backfill (see PreparedStatement.batch), the rest run as usual.
   */
  batch?: BatchSpec;
}

/** How a batched statement runs: at most `size` rows per batch, `delayMs` between batches. */
export interface BatchSpec {
  size: number;
  delayMs: number;
}

/** `-- +godwit PHASE expand|contract`: the deploy phase a migration belongs to (see `up --phase`). */
export type MigrationPhase = 'expand' | 'contract';

/**
 * `-- +godwit lock_timeout=2s statement_timeout=5m retries=5 retry_delay=1s`: a migration's own
 * limits, over the run's. `retries`: how many more times a statement (a transactional migration:
 * the whole transaction) that failed waiting for a lock is tried, after `retryDelayMs` with
 * backoff and jitter.
 */
export interface MigrationLimits {
  lockTimeoutMs?: number;
  statementTimeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
}

export interface SqlPart {
  kind: 'sql';
  /** path of the file this part came from, relative to the migrations folder's parent as given */
  file: string;
  chunks: SqlChunk[];
  /** `-- +goose NO TRANSACTION` was present */
  noTransaction: boolean;
  /** the part holds no statement at all (an empty or comments-only down: a no-op) */
  empty: boolean;
  /**
   * The values ENVSUB took from the environment for this part (non-empty ones, each name and value
   * once; a `${VAR:-default}` whose default was used is not listed). They may be secrets: show a
   * chunk's text only through `asWritten(text, part.substitutions)`, which puts `${NAME}` back.
   * Absent when nothing was substituted.
   */
  substitutions?: Array<{ name: string; value: string }>;
}

/** One MongoDB command document, as Extended JSON parsed by bson's EJSON (types kept). */
export interface JsonCommand {
  command: Record<string, unknown>;
  /** 0-based index in the array */
  index: number;
  /** 1-based line and column of the element's opening brace */
  line: number;
  column: number;
}

export interface JsonPart {
  kind: 'json';
  file: string;
  commands: JsonCommand[];
  empty: boolean;
}

export type MigrationPart = SqlPart | JsonPart;

export interface Migration {
  /** leading integer of the file name; 1 ..= Number.MAX_SAFE_INTEGER */
  version: number;
  /** the rest of the file name up to the extension, e.g. `create_users` */
  name: string;
  format: MigrationFormat;
  /** the up file (for goose: the single file; without an up file: the down file); relative path as listed by the source */
  file: string;
  /** the down file for pair/json formats, when there is one */
  downFile?: string;
  /**
   * The folder holds only the down file (`7_x.down.sql`): the up is empty, as golang-migrate
   * treats it; `file` is then the down file too. `status` shows it, `validate` warns about it.
   */
  noUpFile?: true;
  /** SHA-256 (hex) of the up part, line endings normalised to \n */
  checksum: string;
  /** false when the file says `-- +goose NO TRANSACTION` (or for formats that cannot be transactional) */
  transactional: boolean;
  /** whether a down exists (a comments-only down counts: it is a no-op down) */
  reversible: boolean;
  /** `-- +godwit PHASE expand|contract` in the up file; absent: no phase */
  phase?: MigrationPhase;
  /** the up file's `-- +godwit lock_timeout=... retries=...` settings, when it has any */
  limits?: MigrationLimits;
  /**
   * Loads the parts. Parsing of annotations happens when the source lists migrations (so
   * checksums and structural errors are known up front); `load` additionally applies ENVSUB,
   * which may fail on an unset variable. Unsupported migrations throw UNSUPPORTED_MIGRATION.
   */
  load(): Promise<LoadedMigration>;
}

export interface LoadedMigration {
  up: MigrationPart;
  /** undefined when the migration is irreversible */
  down?: MigrationPart;
}

/** Where migrations come from: a folder, or a list in memory. Never touches a database. */
export interface Source {
  /** human description for logs and errors, e.g. the folder path */
  readonly description: string;
  /**
   * Every migration, sorted by version. Throws GodwitError for duplicate versions, files with no
   * version, malformed annotations, a missing or unreadable folder.
   */
  list(): Promise<Migration[]>;
}

/** Versions are positive integers no larger than 2^53-1 so they fit a JS number exactly. */
export const MAX_VERSION = Number.MAX_SAFE_INTEGER;
