import type { AppliedRecord } from '../driver/contract.js';
import type { GodwitError } from '../errors.js';
import type { Migration } from '../migration.js';

/** What the planner needs to know about a migration; a full Migration satisfies it. */
export type MigrationInfo = Pick<Migration, 'version' | 'name' | 'checksum' | 'format' | 'reversible' | 'file'> &
  Partial<Pick<Migration, 'downFile'>>;

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
}

export interface PlanStep<M extends MigrationInfo = MigrationInfo> {
  /** `skip` records an unsupported migration as applied without running it */
  direction: 'up' | 'down' | 'skip';
  migration: M;
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
  file?: string;
  line?: number;
  version?: number;
  hint?: string;
}
