import type { GodwitError } from '../errors.js';
import type { Migration, MigrationPhase } from '../migration.js';

/** What the planner needs to know about a migration; a full Migration satisfies it. */
export type MigrationInfo = Pick<Migration, 'version' | 'name' | 'checksum' | 'format' | 'reversible' | 'file'> &
  Partial<Pick<Migration, 'downFile' | 'noUpFile' | 'phase'>>;

export type Command =
  | { kind: 'up' }
  | { kind: 'up-by-one' }
  | { kind: 'up-to'; version: number }
  | { kind: 'down' }
  | { kind: 'down-to'; version: number }
  | { kind: 'redo' }
  | { kind: 'reset' };

export interface PlanOptions {
  /** apply pending migrations whose version is below the highest applied one (default false) */
  allowMissing?: boolean;
  /** record unsupported (code) migrations as skipped instead of stopping before them */
  skipUnsupported?: boolean;
  /**
   * up commands: continue the one dirty migration at the statement after the ones its record
   * says completed, instead of refusing the dirty store (nothing dirty: an ordinary up)
   */
  resume?: boolean;
  /** down commands: record migrations without a down part as rolled back, running nothing */
  allowIrreversible?: boolean;
  /**
   * up commands (`up --phase`): `expand` applies pending migrations up to, not including, the
   * first pending contract migration; `contract` applies the rest, and refuses while anything
   * `expand` would apply is pending (the application must run between the two)
   */
  phase?: MigrationPhase;
}

export interface PlanStep<M extends MigrationInfo = MigrationInfo> {
  /** `skip` records an unsupported migration as applied without running it */
  direction: 'up' | 'down' | 'skip';
  migration: M;
  /** --resume: statements 1..N of this up already completed in the failed run; start at N+1 */
  resumeFrom?: number;
  /** --allow-irreversible: a down with no down part, recorded as rolled back without running anything */
  recordOnly?: boolean;
  /**
   * A contract migration whose expand partner (the nearest expand migration below it) this plan
   * applies too: the application never runs between them. The version of that partner.
   */
  expandInSameRun?: number;
}

export interface Plan<M extends MigrationInfo = MigrationInfo> {
  command: Command;
  steps: PlanStep<M>[];
  /** highest applied version before the plan (0 when none) */
  currentVersion: number;
  /** the version the database will be at when every step has run */
  targetVersion: number;
  /**
   * Set when the plan stops early on purpose (an unsupported migration without skipUnsupported):
   * the steps before it are to be run, then this error reported.
   */
  stop?: GodwitError;
}

export type MigrationState = 'applied' | 'pending' | 'missing' | 'modified' | 'dirty' | 'unsupported';

export interface StatusEntry {
  version: number;
  name: string;
  state: MigrationState;
  /** ISO 8601, when applied */
  appliedAt?: string;
  /** file path, when the file exists */
  file?: string;
  /** pending but below the highest applied version */
  outOfOrder?: boolean;
  /** the folder has only the down file: the up is empty (golang-migrate's behaviour) */
  noUpFile?: true;
  /** dirty: how many statements of the failed step completed, when the store recorded it */
  statementsDone?: number;
  /** dirty: how many statements the step has (filled in by the migrator, which prepares it) */
  statements?: number;
  /** pending: `-- +godwit PHASE expand|contract` */
  phase?: MigrationPhase;
}

export interface StatusReport {
  current: number;
  dirty: boolean;
  migrations: StatusEntry[];
}

/** One problem found by validate, worded for people, located for tools. */
export interface Problem {
  code: GodwitError['code'];
  message: string;
  /** a warning is reported but does not fail validation; absent: an error */
  severity?: 'warning';
  file?: string;
  line?: number;
  /** 1-based, in characters, when the error points inside the line (a syntax error) */
  column?: number;
  version?: number;
  hint?: string;
}
