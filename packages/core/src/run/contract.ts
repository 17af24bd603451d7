import type { GodwitError } from '../errors.js';
import type { MigrationLimits, MigrationPhase } from '../migration.js';
import type { Command } from '../plan/contract.js';

export interface RunOptions {
  /** print-only: plan and prepare every statement, change nothing, take no lock */
  dryRun?: boolean;
  signal?: AbortSignal;
  /** whole-run limit, ms */
  timeoutMs?: number;
  /** how long to wait for another runner's lock, ms (default 60000) */
  lockTimeoutMs?: number;
  /** per-statement limit, ms */
  statementTimeoutMs?: number;
  allowMissing?: boolean;
  skipUnsupported?: boolean;
  /** up commands: continue the failed (dirty) migration at the statement after those that completed */
  resume?: boolean;
  /**
   * Defaults for every migration's limits (lock and statement timeouts, lock-timeout retries);
   * a migration's own `-- +godwit lock_timeout=... retries=...` wins
   */
  migrationDefaults?: MigrationLimits;
  /** down commands: record migrations without a down part as rolled back, running nothing */
  allowIrreversible?: boolean;
  /** up commands: apply only the migrations of this deploy phase (see PlanOptions.phase) */
  phase?: MigrationPhase;
}

export interface PlannedStatement {
  text: string;
  file: string;
  line: number;
}

export interface StepResult {
  version: number;
  name: string;
  direction: 'up' | 'down' | 'skip';
  /** `rolled-back`: it ran, but the run's single transaction was rolled back at the end */
  status: 'applied' | 'skipped-concurrent' | 'failed' | 'planned' | 'rolled-back';
  durationMs: number;
  transactional: boolean;
  /** why not transactional, when it is not */
  note?: string;
  /** dry runs: the statements that would be sent */
  statements?: PlannedStatement[];
  error?: GodwitError;
}

/**
 * What a run did. Expected failures (dirty store, checksum mismatch, a failing statement, lock
 * timeout) come back here with `ok: false`, never as a thrown error, so callers see what ran
 * before the failure.
 */
export interface RunResult {
  ok: boolean;
  command: Command['kind'];
  dryRun: boolean;
  /** version before and after (0 = none applied) */
  before: number;
  after: number;
  results: StepResult[];
  durationMs: number;
  error?: GodwitError;
  /** plugin metadata (e.g. backup file) */
  meta: Record<string, unknown>;
}
