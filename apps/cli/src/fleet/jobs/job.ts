/**
 * What a fleet command does on one target, as a function of the target's session. Jobs are named
 * (FLEET_JOBS in index.ts) rather than passed as closures: a SQLite fleet runs its targets on
 * worker threads (worker-pool.ts), and only a name and plain data can cross to another thread.
 */
import type { GodwitError } from '@godwit/core';
import type { CommandEnv, Session } from '../../session/session.js';
import type { FleetOptions } from '../fleet-options.js';

/** What a command's job says about one target. */
export interface TargetOutcome {
  ok: boolean;
  /** what the reports count: `migrated`, `up-to-date`, `current`, `pending`, `dirty`, `valid`, ... */
  state: string;
  /** this target's part of the --json document (plain data: it may come from a worker thread) */
  json: Record<string, unknown>;
  error?: GodwitError;
}

/** What a job may read besides its session: the command's environment and options (lint reads the config's `lint` section). */
export interface JobContext {
  cmdEnv: CommandEnv;
  options: FleetOptions;
}

export type FleetJob = (session: Session, context: JobContext) => Promise<TargetOutcome>;
