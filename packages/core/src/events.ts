/**
 * Core never logs: it emits events (plain objects, pino's shape) to `onEvent` listeners, and the
 * caller words them (the CLI turns them into log lines, progress and metrics). The logger handed
 * to the migrator is for plugins (`RunContext.logger`), which log what is theirs to say.
 */
import type { PeerKind } from './adopt/contract.js';
import type { BatchReport } from './batch/batch-meter.js';
import type { GodwitError } from './errors.js';

export type Direction = 'up' | 'down' | 'skip';

export type GodwitEvent =
  | { event: 'run-start'; command: string; target: string; steps: number; dryRun: boolean }
  | { event: 'lock-wait'; holder?: string }
  | { event: 'lock-acquired'; waitedMs: number }
  | { event: 'lock-released' }
  | {
      event: 'migrating';
      version: number;
      name: string;
      direction: Direction;
      index: number;
      total: number;
      transactional: boolean;
      note?: string;
    }
  | {
      event: 'migrated';
      version: number;
      name: string;
      direction: Direction;
      durationMs: number;
      status: 'applied' | 'skipped-concurrent';
    }
  | { event: 'migration-failed'; version: number; name: string; direction: Direction; durationMs: number; error: GodwitError }
  | { event: 'run-end'; ok: boolean; applied: number; durationMs: number; before: number; after: number }
  | { event: 'warning'; message: string; file?: string }
  /**
   * a statement (a transactional migration: the whole transaction) gave up waiting for a lock
   * held by another session; it is tried again after `delayMs` (`tries` of 1 + `retries` done)
   */
  | { event: 'lock-retry'; version: number; name: string; tries: number; retries: number; delayMs: number; error: string }
  /**
   * a batched backfill's progress: before its first batch, after each batch, and once `finished`;
   * `rowsDone` counts a killed run's rows too, `rowsPerSecond` and `etaMs` only this run's pace
   */
  | ({ event: 'batch-progress'; version: number; name: string; finished: boolean } & BatchReport)
  /** the lock could not be released (it dies with the session or its lease anyway) */
  | { event: 'unlock-failed'; error: string }
  /**
   * a peer's version table (goose, golang-migrate) was adopted into Godwit's store (`recorded`),
   * or would be (dry runs); `auto`: before an up command, because Godwit's store was absent
   */
  | {
      event: 'adopted';
      from: PeerKind;
      table: string;
      versions: number;
      missing: number[];
      recorded: boolean;
      auto: boolean;
    }
  /** a plugin's afterRun or onError hook threw; the run's outcome stands */
  | { event: 'plugin-failed'; plugin: string; error: string };

/** The subset of pino's logger that core and plugins use. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
