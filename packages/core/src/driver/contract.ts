/**
 * The seam between core and a database.
 *
 * Core owns the step protocol (run/step-protocol.ts): the re-check under the lock, dirty marking
 * around steps that cannot run in a transaction, per-statement progress, the version and history
 * rows, and the wording of every failure and recovery hint. A driver only provides primitives.
 *
 * How to implement a driver:
 * 1. `store` reads the version table and the history (reads never lock and never create
 *    anything) and `ensure`s both exist. Table names come from `storeTableNames(table)`.
 * 2. `writer` writes them, each method on the caller's session, so that a transactional step's
 *    statements and its store rows commit together (goose's Store shape).
 * 3. `locker` serialises runners on one database and table. It must be safe to call `unlock`
 *    after a failed `lock`. A locker whose lock can be lost (a lease that expired, a row taken
 *    over) implements `assertHeld`, which core calls before every step.
 * 4. `prepare` turns a loaded part into the exact statements the driver will send, and decides
 *    whether the step can run in a transaction. It must reject anything it cannot run before
 *    anything runs (the runner prepares every step of a plan before applying the first).
 * 5. `transaction(limits, fn)`: run `fn` on one session inside a transaction; commit when it
 *    resolves, roll back when it throws. Leave it out when the database has none (MongoDB):
 *    then every step follows the dirty protocol.
 * 6. `session(limits)`: a session outside any transaction, for steps that cannot run in one.
 * 7. `describeError` words an error that `exec` or the writer threw: the database's message with
 *    secrets redacted, where in the file it points, the database's own detail and advice.
 * 8. `finishRun` (optional) ends a run that kept work open across steps (PostgreSQL's
 *    --single-transaction): commit when the run succeeded, roll back when it did not, and say
 *    whether the run's steps were kept. A throw becomes the run's error and means nothing was kept.
 * 9. Drivers never read `process.env`; everything arrives as options.
 * 10. `peers` (optional) reads goose's or golang-migrate's version table as the peer wrote it,
 *    for `godwit adopt` (see adopt/contract.ts); without it a database cannot be adopted.
 * 11. `inspect`, `snapshots` and `scratch` (optional, see schema/contract.ts): the schema as plain
 *    sorted data (the store's own tables left out), where the last run's snapshot is kept (drift),
 *    and a throw-away database of the same kind (`godwit test`).
 * Then run the conformance suites (`@godwit/core/testing`): `runDriverConformance` and
 * `runLockConformance`. Passing them is what "a driver" means.
 */
import type { PeerReader } from '../adopt/contract.js';
import type { BatchSpec, LoadedMigration, Migration, MigrationLimits, MigrationPart } from '../migration.js';
import type { SchemaSnapshot, SnapshotStore } from '../schema/contract.js';

export interface DriverCapabilities {
  /** DDL statements roll back with the transaction (PostgreSQL, SQLite: yes; MySQL: no). */
  transactionalDdl: boolean;
  /** Locks are held by the server and released when the session dies. */
  serverSideLocks: boolean;
  /** Which migration part kinds this driver can run. */
  partKinds: ReadonlyArray<MigrationPart['kind']>;
  /**
   * `transaction` joins one transaction kept open for the whole run and committed by
   * `finishRun` (PostgreSQL --single-transaction): a failure undoes the run's earlier steps too.
   */
  oneTransactionPerRun?: boolean;
  /**
   * Whether a per-statement time limit can be enforced (default true). SQLite says false:
   * better-sqlite3 cannot interrupt a statement, so core refuses --statement-timeout up front
   * rather than ignore it.
   */
  statementTimeout?: boolean;
  /**
   * Batched backfills (`-- +godwit BATCH`, a MongoDB command's `$godwit.batch`): `prepare` sets
   * `PreparedStatement.batch` and sessions implement `execBatch`. Without it the runner refuses
   * a BATCH directive before anything runs.
   */
  batches?: boolean;
}

export interface AppliedRecord {
  version: number;
  name: string;
  checksum: string;
  appliedAt: Date;
  executionMs: number;
  /** user@host */
  appliedBy: string;
  dirty: boolean;
  /**
   * On a dirty record: how many of the step's statements had completed when it was last written
   * (statements 1..N are done; N+1 may have partly run). Absent on clean records, and on dirty
   * records from before progress was kept.
   */
  statementsDone?: number;
  /**
   * On a dirty record: rows the batched backfill at statement `statementsDone + 1` had touched
   * in completed batches (see StoreWriter.batchProgress). Absent when none was stored.
   */
  rowsDone?: number;
}

/** `restore`: `godwit backup restore` replaced the database with a backup (the row is added to the restored history) */
export type HistoryDirection = 'up' | 'down' | 'force' | 'skip' | 'baseline' | 'restore';

export interface HistoryRecord {
  id: number;
  version: number;
  name: string;
  direction: HistoryDirection;
  startedAt: Date;
  finishedAt: Date | null;
  executionMs: number | null;
  success: boolean;
  error: string | null;
  appliedBy: string;
  toolVersion: string;
  /** the run-level note (ApplyContext.note) written with the row, null when there was none */
  note: string | null;
}

export interface VersionStore {
  /** Create the version and history tables (and schema, where there is one) if missing. */
  ensure(): Promise<void>;
  /** Applied records ordered by version ascending. Empty when the store does not exist yet. */
  applied(): Promise<AppliedRecord[]>;
  /** History, newest first; `limit` rows at most when given. Empty when the store does not exist. */
  history(options?: { limit?: number }): Promise<HistoryRecord[]>;
}

export interface LockOptions {
  /** How long to wait for another runner to let go, in ms. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called once when the lock is busy, before waiting: lets the runner say who holds it. */
  onWait?: (holder: string | undefined) => void;
}

export interface Locker {
  /** Wait for and take the lock; throws GodwitError LOCK_TIMEOUT naming the holder if it can. */
  lock(options: LockOptions): Promise<void>;
  /** Release; a no-op when not held. */
  unlock(): Promise<void>;
  /**
   * Throws GodwitError LOCK_LOST when the lock taken by `lock` is no longer ours (a lease that
   * expired and was taken over). Core calls it before every step. Leave it out when the lock
   * cannot be lost while the session lives (PostgreSQL's advisory lock dies with its session).
   */
  assertHeld?(): void;
}

/** A statement (SQL text or one command document) as the driver will send it. */
export interface PreparedStatement {
  /** SQL text, or the command rendered as Extended JSON (for dry runs and errors). */
  text: string;
  file: string;
  line: number;
  column: number;
  /** driver-private payload (e.g. the parsed command document) */
  payload?: unknown;
  /**
   * A batched backfill (issue 17): core runs it through `StepSession.execBatch` until a batch
   * touches no row, pausing `delayMs` between batches, and stores the rows done after each.
   */
  batch?: BatchSpec;
}

export interface PreparedStep {
  direction: 'up' | 'down';
  migration: Migration;
  statements: PreparedStatement[];
  /** run inside one transaction with its store rows */
  transactional: boolean;
  /** why it is not transactional, when it is not (for logs and dry runs) */
  note?: string;
  /**
   * Environment values ENVSUB put into the statements (set by the runner from the loaded part):
   * whatever is shown (errors, dry runs, history) shows `${NAME}` in their place.
   */
  substitutions?: ReadonlyArray<{ name: string; value: string }>;
}

export interface ApplyContext {
  signal: AbortSignal;
  /** per-statement limit, ms (0 or undefined: none) */
  statementTimeoutMs?: number;
  /** limit on waiting for row/table locks inside the migration, ms */
  lockTimeoutMs?: number;
  /** user@host written to the store */
  appliedBy: string;
  toolVersion: string;
  /** a run-level note written on each history row of the run, e.g. the backup taken before it */
  note?: string;
  /**
   * Defaults for every migration's own limits (`-- +godwit lock_timeout=... retries=...`, which
   * win): the config's `migrationDefaults`
   */
  migrationDefaults?: MigrationLimits;
}

export interface ApplyResult {
  status: 'applied' | 'skipped-concurrent';
  executionMs: number;
}

/** Bookkeeping written without running any migration (force, skip). */
export interface StateChange {
  /** versions whose records are deleted */
  remove: number[];
  /** records inserted or replaced (dirty false) */
  upsert: Array<Pick<AppliedRecord, 'version' | 'name' | 'checksum'>>;
  /** one history row per entry; `note` is added to the run's note (e.g. why nothing ran) */
  history: Array<{ version: number; name: string; direction: HistoryDirection; note?: string }>;
}

/** Limits on the statements of a session. */
export interface StatementLimits {
  /** per-statement limit, ms (0 or undefined: none) */
  statementTimeoutMs?: number;
  /** limit on waiting for row/table locks, ms */
  lockTimeoutMs?: number;
}

/** One database session a step runs on: inside a transaction (`transaction`) or not (`session`). */
export interface StepSession {
  /**
   * Send one prepared statement. Throw the database's own error (core words it through
   * `describeError`). When `signal` fires, stop the statement if the database can (PostgreSQL
   * cancels it on the server).
   */
  exec(statement: PreparedStatement, signal: AbortSignal): Promise<void>;
  /**
   * A batched statement (`statement.batch`, drivers with `capabilities.batches`): touch at most
   * `batch.size` of the rows it still has to do, in a transaction of its own that has committed
   * when this resolves, and say how many it touched (0: the backfill is done). Only ever called
   * on a plain session. The session's statement timeout applies to each batch.
   */
  execBatch?(statement: PreparedStatement, signal: AbortSignal): Promise<number>;
  /**
   * How many rows a batched statement has left to touch, for progress and ETA: an exact count,
   * or an estimate when counting would be slow; undefined when unknown. Optional.
   */
  estimateBatch?(statement: PreparedStatement, signal: AbortSignal): Promise<number | undefined>;
}

/** A session outside any transaction, for steps that cannot run in one and for bookkeeping. */
export interface PlainSession extends StepSession {
  /**
   * The work on it is over: undo its limits, and roll back a transaction the migration's own
   * statements left open (a BEGIN without COMMIT), saying whether there was one.
   */
  end(): Promise<{ leftOpen: boolean }>;
}

/** A history row as written; the store assigns its id. */
export type NewHistoryRow = Omit<HistoryRecord, 'id'>;

/** How a row written by `StoreWriter.open` ends. */
export interface HistoryOutcome {
  finishedAt: Date;
  executionMs: number;
  success: boolean;
  error: string | null;
  /** replaces the row's note when given (a batched backfill's rows touched) */
  note?: string;
}

/**
 * Writes to the version table and the history, each on the caller's session, so inside its
 * transaction when it has one. Inside a transaction a driver may hold writes back and send them
 * with its next round trip (PostgreSQL sends the store rows together with COMMIT), as long as
 * they are written before the transaction commits.
 */
export interface StoreWriter<S extends StepSession = StepSession> {
  /** The version's record as the store holds it now: the re-check under the lock. */
  find(s: S, version: number): Promise<AppliedRecord | undefined>;
  /**
   * Insert the record, or replace the one there. `exists` is what `find` said (undefined: not
   * known), so a driver whose inserts are cheaper than upserts can pick.
   */
  put(s: S, record: AppliedRecord, exists: boolean | undefined): Promise<void>;
  /**
   * Optional, for databases where one conditional write is cheaper than `find` + `put`
   * (MongoDB: an insert whose duplicate key means "done"): before a step that runs outside a
   * transaction, record `record` dirty unless the store already shows the step done (up: a
   * record exists; down: none does), and say which. Without it core calls `find`, then `put`.
   */
  markDirty?(s: S, record: AppliedRecord, direction: 'up' | 'down'): Promise<'marked' | 'already-done'>;
  /**
   * Record progress on a dirty record: statements 1..`statementsDone` completed. Written on the
   * step's plain session, so inside a transaction the file opened itself (its own BEGIN) the
   * progress commits or rolls back with that transaction: what it says stays true.
   */
  progress(s: S, version: number, statementsDone: number): Promise<void>;
  /**
   * Record a batched backfill's progress on a dirty record: `rowsDone` rows touched by the
   * completed batches of statement `statementsDone + 1` (written after each batch, on the plain
   * session). `progress` clears it. Optional: without it a resumed backfill counts from 0.
   */
  batchProgress?(s: S, version: number, rowsDone: number): Promise<void>;
  remove(s: S, version: number): Promise<void>;
  /** Append a finished history row. */
  append(s: S, row: NewHistoryRow): Promise<void>;
  /** Append the row of a step that is starting (`finishedAt` null) and return its id. */
  open(s: S, row: NewHistoryRow): Promise<number>;
  /** Complete a row written by `open`: the only update the history ever sees. */
  finish(s: S, id: number, outcome: HistoryOutcome): Promise<void>;
}

/** An error from `exec` or the writer, in words; see Driver.describeError. */
export interface ErrorFacts {
  /** the database's message, secrets redacted, e.g. `relation "x" does not exist` */
  message: string;
  /** the file position it points at, when the database said more than the statement's start */
  line?: number;
  column?: number;
  /** the database's own detail and hint (`DETAIL: ... HINT: ...`), shown before core's advice */
  detail?: string;
  /** advice for this kind of error (a statement timeout: raise --statement-timeout) */
  advice?: string;
  /** machine-readable facts for --json (sqlstate, server hint, ...) */
  data?: Record<string, unknown>;
  /** the session died with the error, so the database rolled back whatever it had open */
  sessionLost?: boolean;
  /**
   * The statement gave up waiting for a lock another session held (PostgreSQL 55P03, SQLite
   * SQLITE_BUSY): nothing it did took effect, so core may try it again (`retries=N`).
   */
  lockTimeout?: true;
}

/**
 * A whole-database backup made by the driver that already knows the database (its connection,
 * its vendor tool), so the backup plugin ships no database client of its own.
 */
export interface BackupEngine {
  /** what makes the file, shown to the user: `pg_dump -Fc`, `sqlite backup API`, `mongodump`, `extended-json export` */
  readonly method: string;
  /** file extension before any `.gz` */
  readonly ext: string;
  /** the tool compresses on its own, so a gzip option does not apply */
  readonly compressed: boolean;
  /** write a backup of the database to `file` */
  dump(file: string): Promise<void>;
  /** check the file is a complete, readable backup; returns a one-line summary */
  verify(file: string): Promise<string>;
  /** make the database what the file holds */
  restore(file: string): Promise<void>;
}

export interface BackupRequest {
  /** environment for vendor tools (pg_dump, pg_restore, mongodump); PATH decides which are found */
  toolEnv?: Record<string, string | undefined>;
  /** MongoDB: `auto` (mongodump when on PATH), `mongodump`, or `json` (Extended-JSON export) */
  method?: 'auto' | 'mongodump' | 'json';
  /** restoring: the file's extension (before `.gz`), which decides the engine where there are several */
  forExt?: string;
}

/**
 * Something about how the database is reached that deserves a warning, not a failure (a superuser
 * login, objects owned by the login rather than the migration role). `validate --database` shows them.
 */
export interface SetupWarning {
  /** one line: what is wrong */
  message: string;
  /** what to do about it */
  hint: string;
}

/** Facts a rehearsal reads on its own open transaction (see Driver.rehearsal). */
export interface RehearsalProbe<S extends StepSession = StepSession> {
  /** the locks the session holds now, one line each: `ACCESS EXCLUSIVE on orders` */
  locks(s: S): Promise<string[]>;
  /** rows inserted, updated or deleted so far in the transaction */
  rowsChanged(s: S): Promise<number>;
}

/**
 * `S` is the driver's own session type: core only ever hands a driver's writer the sessions that
 * driver's `transaction` and `session` made, so a writer may rely on its own session's fields.
 */
export interface Driver<S extends StepSession = StepSession> {
  /** `postgres`, `sqlite`, `mongodb`, `memory` */
  readonly name: string;
  /** where it points, with any password redacted; safe for logs */
  readonly target: string;
  readonly capabilities: DriverCapabilities;
  readonly store: VersionStore;
  readonly writer: StoreWriter<S>;
  readonly locker: Locker;
  /** Turn a loaded part into statements; throw GodwitError for anything it cannot run. */
  prepare(
    migration: Migration,
    loaded: LoadedMigration,
    direction: 'up' | 'down',
  ): PreparedStep | Promise<PreparedStep>;
  /**
   * Optional: told every part a run is about to prepare, before the first `prepare` call, so a
   * driver can check them all at once (PostgreSQL asks its server to parse them in one round trip
   * instead of one per migration). A hint only: `prepare` is still called for each part and stays
   * the judge; nothing may run, and a failure here must not throw.
   */
  preparePlan?(parts: ReadonlyArray<{ migration: Migration; loaded: LoadedMigration; direction: 'up' | 'down' }>): Promise<void>;
  /**
   * Run `fn` on one session inside one transaction with `limits`: commit when it resolves, roll
   * back when it throws (and rethrow). Absent when the database has no transactions.
   */
  transaction?<T>(limits: StatementLimits, fn: (s: S) => Promise<T>): Promise<T>;
  /** A session outside any transaction, with `limits` applied to its statements. */
  session(limits: StatementLimits): Promise<S & PlainSession>;
  /** Word an error thrown by `exec` (with the statement that was running) or by the writer. */
  describeError(e: unknown, statement?: PreparedStatement): ErrorFacts;
  /**
   * Read-only checks of the login's privileges and object ownership (optional), for
   * `validate --database`. Never throws for what it finds: those are the warnings.
   */
  checkSetup?(): Promise<SetupWarning[]>;
  /** The engine that backs this database up and restores it (optional: the backup plugin needs it). */
  backup?(request: BackupRequest): Promise<BackupEngine>;
  /**
   * Called once after the last step of a run that ran steps (never for dry runs), before
   * unlocking. Drivers that commit each step themselves leave it out.
   */
  finishRun?(outcome: { ok: boolean }): Promise<{ kept: boolean }>;
  /** Reads another tool's version table (goose, golang-migrate) for adoption; optional. */
  readonly peers?: PeerReader;
  /**
   * The other sessions holding locks on this database's tables, in one line (pid, application,
   * when their query or transaction started), for the error of a statement that gave up waiting
   * for a lock after its last retry. Optional: without it the error says the holder is unknown.
   */
  lockHolders?(): Promise<string | undefined>;
  /** The schema as plain sorted data, the store's own tables left out (optional: diff, test, drift). */
  inspect?(): Promise<SchemaSnapshot>;
  /** Where the snapshot recorded after each run is kept (optional: drift). */
  readonly snapshots?: SnapshotStore;
  /** Make a throw-away database of this kind beside this one (optional: `godwit test`). */
  scratch?(options: ScratchOptions): Promise<ScratchDatabase>;
  /**
   * What `godwit rehearse` reads on its transaction's session after each migration (optional;
   * only drivers with transactional DDL: the rehearsal is rolled back).
   */
  readonly rehearsal?: RehearsalProbe<S>;
  /** Release connections. Idempotent. */
  close(): Promise<void>;
}

/** `godwit test`'s scratch databases (see `Driver.scratch`). */
export interface ScratchOptions {
  /** PostgreSQL: `CREATE DATABASE ... TEMPLATE <template>` (e.g. one with the extensions installed) */
  template?: string;
}

/** A throw-away database of the driver's kind, made and dropped by Godwit (`godwit test`). */
export interface ScratchDatabase {
  /** a driver on the scratch database, with the same options as the one that made it */
  driver: Driver;
  /** where it is, redacted (for messages) */
  target: string;
  /** close its driver and drop the database (delete the file); safe to call twice */
  drop(): Promise<void>;
}
