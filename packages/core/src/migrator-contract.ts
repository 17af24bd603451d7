import type { Driver, HistoryRecord } from './driver/contract.js';
import type { GodwitEvent, Logger } from './events.js';
import type { HealthReport } from './health.js';
import type { Migration, Source } from './migration.js';
import type { Problem, StatusReport } from './plan/contract.js';
import type { Plugin } from './plugin.js';
import type { RunOptions, RunResult } from './run/contract.js';

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
}

export interface CreatedMigration {
  version: number;
  name: string;
  files: string[];
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
  /** every migration with its state; read-only, takes no lock */
  status(): Promise<StatusReport>;
  /** highest applied version (0 when none) and whether the store is dirty; read-only */
  version(): Promise<{ version: number; dirty: boolean }>;
  /** check files (and, with `database: true`, checksums, missing, out-of-order and dirty) */
  validate(options?: { database?: boolean }): Promise<ValidationReport>;
  /** write new migration file(s) into the folder; needs a folder source */
  create(name: string, options?: CreateOptions): Promise<CreatedMigration>;
  /** record the database as exactly at `version`, clean, running nothing (takes the lock) */
  force(version: number, options?: Pick<RunOptions, 'lockTimeoutMs' | 'signal'>): Promise<ForceResult>;
  history(options?: { limit?: number }): Promise<HistoryRecord[]>;
  /** current and latest version, pending, dirty, last run, checksum problems; read-only, takes no lock */
  health(): Promise<HealthReport>;
  /** the migrations the source lists */
  list(): Promise<Migration[]>;
  close(): Promise<void>;
}
