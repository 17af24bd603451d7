import type { AdoptionPreview, AdoptOptions, AdoptResult } from './adopt/contract.js';
import type { Driver, HistoryRecord } from './driver/contract.js';
import type { GodwitEvent, Logger } from './events.js';
import type { HealthReport } from './health.js';
import type { Migration, Source } from './migration.js';
import type { Problem, StatusReport } from './plan/contract.js';
import type { Plugin } from './plugin.js';
import type { RunOptions, RunResult } from './run/contract.js';
import type { DriftReport } from './schema/record.js';

/** A migration given in code, for applications that embed their migrations. */
export interface InlineMigration {
  version: number;
  name: string;
  /** SQL text (split by the driver), or an array of command documents for MongoDB */
  up: string | Array<Record<string, unknown>>;
  down?: string | Array<Record<string, unknown>>;
  /** default true */
  transactional?: boolean;
}

export interface MigratorOptions {
  driver: Driver;
  /** migrations folder (default `./migrations`); ignored when `source` or `migrations` is given */
  dir?: string;
  source?: Source;
  migrations?: InlineMigration[];
  /** handed to plugins (RunContext.logger); core itself never logs, it emits events to onEvent */
  logger?: Logger;
  plugins?: Plugin[];
  onEvent?: (event: GodwitEvent) => void;
  /** defaults for every run; each call may override */
  defaults?: RunOptions;
  /** written to the store; default `${os.userInfo().username}@${os.hostname()}` */
  appliedBy?: string;
  /** written to history rows; default core's package version */
  toolVersion?: string;
  /**
   * After each up, down or force that changed something, record the schema's snapshot and hash
   * in `<table>_snapshots` (for `drift`), under the lock. Default false for library use; the CLI
   * turns it on. Needs a driver with `inspect` and `snapshots`; a failure to record is a warning.
   */
  schemaSnapshots?: boolean;
}

export type CreateFormat = 'sql' | 'pair' | 'json';
export type CreateTemplate = 'blank' | 'create_table' | 'add_column' | 'create_index';

export interface CreateOptions {
  format?: CreateFormat;
  template?: CreateTemplate;
  /** version numbering: `sequential` (default: highest + 1, zero-padded to 6) or `timestamp` (UTC YYYYMMDDHHMMSS) */
  numbering?: 'sequential' | 'timestamp';
  /** clock, for tests */
  now?: Date;
  /** write nothing: return the files with the content they would have */
  dryRun?: boolean;
}

export interface CreatedMigration {
  version: number;
  name: string;
  files: string[];
  /** dry runs: each file's content, in `files` order (nothing was written) */
  contents?: string[];
}

export interface ValidationReport {
  ok: boolean;
  /** number of migration files checked */
  checked: number;
  /** whether the database was consulted */
  database: boolean;
  problems: Problem[];
}

export interface ForceResult {
  before: number;
  after: number;
  removed: number[];
  recorded: number[];
}

export interface Migrator {
  up(options?: RunOptions): Promise<RunResult>;
  upByOne(options?: RunOptions): Promise<RunResult>;
  upTo(version: number, options?: RunOptions): Promise<RunResult>;
  down(options?: RunOptions): Promise<RunResult>;
  downTo(version: number, options?: RunOptions): Promise<RunResult>;
  redo(options?: RunOptions): Promise<RunResult>;
  reset(options?: RunOptions): Promise<RunResult>;
  /**
   * every migration with its state; read-only, takes no lock. When Godwit's store is absent and
   * goose's or golang-migrate's table is there, the states are what adopting it would record, and
   * `adoption` says so (nothing is written: `adopt` or the next `up` records it).
   */
  status(): Promise<StatusReport & { adoption?: AdoptionPreview }>;
  /** highest applied version (0 when none) and whether the store is dirty; read-only */
  version(): Promise<{ version: number; dirty: boolean }>;
  /** check files (and, with `database: true`, checksums, missing, out-of-order and dirty) */
  /**
   * `database`: also check the store (checksums, missing, out of order). `prepare`: prepare every
   * part with the driver even without a database, for a driver whose prepare needs no connection
   * (the CLI's `validate --driver postgres` parses every statement with the real parser).
   */
  validate(options?: { database?: boolean; prepare?: boolean }): Promise<ValidationReport>;
  /** write new migration file(s) into the folder; needs a folder source */
  create(name: string, options?: CreateOptions): Promise<CreatedMigration>;
  /** record the database as exactly at `version`, clean, running nothing (takes the lock) */
  force(version: number, options?: Pick<RunOptions, 'lockTimeoutMs' | 'signal'>): Promise<ForceResult>;
  /**
   * record every version goose or golang-migrate applied (its table is left as it was), so `up`
   * applies only the rest; takes the lock unless `dryRun`. Up commands do it themselves when
   * Godwit's store is absent and a peer's default table is there.
   */
  adopt(options?: AdoptOptions): Promise<AdoptResult>;
  history(options?: { limit?: number }): Promise<HistoryRecord[]>;
  /** current and latest version, pending, dirty, last run, checksum problems; read-only, takes no lock */
  health(): Promise<HealthReport>;
  /** the live schema against the snapshot the last run recorded (schemaSnapshots); read-only, no lock */
  drift(): Promise<DriftReport>;
  /** the migrations the source lists */
  list(): Promise<Migration[]>;
  close(): Promise<void>;
}
