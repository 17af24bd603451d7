/**
 * Plugins hook into a run. Every hook may be async; a hook that throws aborts the run before the
 * next migration (a `beforeRun` failure: before anything changed) and the error is reported as
 * the run's error.
 */
import type { Driver } from './driver/contract.js';
import type { GodwitError } from './errors.js';
import type { Logger } from './events.js';
import type { PlanStep } from './plan/contract.js';
import type { Migration } from './migration.js';
import type { RunResult, StepResult } from './run/contract.js';

export interface RunContext {
  command: string;
  driver: Driver;
  logger: Logger;
  /** the steps about to run */
  steps: ReadonlyArray<PlanStep<Migration>>;
  currentVersion: number;
  targetVersion: number;
  /** metadata plugins may add for each other and for the CLI (e.g. a backup's path) */
  meta: Record<string, unknown>;
}

export interface Plugin {
  name: string;
  beforeRun?(ctx: RunContext): void | Promise<void>;
  beforeMigration?(step: PlanStep<Migration>, ctx: RunContext): void | Promise<void>;
  afterMigration?(step: PlanStep<Migration>, result: StepResult, ctx: RunContext): void | Promise<void>;
  afterRun?(result: RunResult, ctx: RunContext): void | Promise<void>;
  onError?(error: GodwitError, ctx: RunContext): void | Promise<void>;
}
