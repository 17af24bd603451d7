/**
 * Core never logs by itself: it emits events (plain objects, pino's shape) and hands them to the
 * logger and to `onEvent` listeners. The CLI turns them into log lines, progress and metrics.
 */
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
  | { event: 'warning'; message: string; file?: string };

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
