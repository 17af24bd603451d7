/**
 * The seam between core and a database.
 *
 * How to implement a driver:
 * 1. `store` keeps the version table and the history table (names from the options the driver
 *    was created with). Reads never lock. Every write of a migration's record happens inside
 *    `apply`, in the same transaction as the migration's statements when the step is
 *    transactional.
 * 2. `locker` serialises runners on one database and table. It must be safe to call `unlock`
 *    after a failed `lock`. A no-op locker is allowed for databases with a single user.
 * 3. `prepare` turns a loaded part into the exact statements the driver will send, and decides
 *    whether the step can run in a transaction. It must reject anything it cannot run before
 *    anything runs (the runner prepares every step of a plan before applying the first).
 * 4. `apply` runs one prepared step. Transactional: statements + store row + history row commit
 *    together, or nothing does. Not transactional: write the store row `dirty` first, run, then
 *    mark it clean; on failure leave it dirty. Either way, a failed step appends a failed history
 *    row (outside the rolled-back transaction) and throws a GodwitError MIGRATION_FAILED with
 *    file/line/column of the failing statement.
 *    Before writing, `apply` re-checks the store inside its transaction (or under its lock):
 *    if another runner already did this step, it returns `{ status: 'skipped-concurrent' }`.
 * 5. `writeState` applies bookkeeping changes (force, skip) in one transaction, running nothing.
 * 5b. `finishRun` (optional) ends a run that kept work open across steps (PostgreSQL's
 *    --single-transaction): commit when the run succeeded, roll back when it did not, and say
 *    whether the run's steps were kept. A throw becomes the run's error and means nothing was kept.
 * 6. Drivers never read `process.env`; everything arrives as options.
 * Core ships a conformance suite (`@godwit/core/testing`) that every driver's tests call.
 */
import type { LoadedMigration, Migration, MigrationPart } from '../migration.js';

export interface DriverCapabilities {
  /** DDL statements roll back with the transaction (PostgreSQL, SQLite: yes; MySQL: no). */
  transactionalDdl: boolean;
  /** Locks are held by the server and released when the session dies. */
  serverSideLocks: boolean;
  /** Which migration part kinds this driver can run. */
  partKinds: ReadonlyArray<MigrationPart['kind']>;
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
}

export type HistoryDirection = 'up' | 'down' | 'force' | 'skip' | 'baseline';

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
}

export interface PreparedStep {
  direction: 'up' | 'down';
  migration: Migration;
  statements: PreparedStatement[];
  /** run inside one transaction with its store rows */
  transactional: boolean;
  /** why it is not transactional, when it is not (for logs and dry runs) */
  note?: string;
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
  /** one history row per entry */
  history: Array<{ version: number; name: string; direction: HistoryDirection }>;
}

export interface Driver {
  /** `postgres`, `sqlite`, `mongodb`, `memory` */
  readonly name: string;
  /** where it points, with any password redacted; safe for logs */
  readonly target: string;
  readonly capabilities: DriverCapabilities;
  readonly store: VersionStore;
  readonly locker: Locker;
  /** Turn a loaded part into statements; throw GodwitError for anything it cannot run. */
  prepare(
    migration: Migration,
    loaded: LoadedMigration,
    direction: 'up' | 'down',
  ): PreparedStep | Promise<PreparedStep>;
  apply(step: PreparedStep, ctx: ApplyContext): Promise<ApplyResult>;
  writeState(change: StateChange, ctx: ApplyContext): Promise<void>;
  /**
   * Called once after the last step of a run that ran steps (never for dry runs), before
   * unlocking. Drivers that commit each step themselves leave it out.
   */
  finishRun?(outcome: { ok: boolean }): Promise<{ kept: boolean }>;
  /** Release connections. Idempotent. */
  close(): Promise<void>;
}
