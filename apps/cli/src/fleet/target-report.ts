/**
 * What a fleet reports of one target: shared by the frame (run-fleet.ts), the per-target run
 * (run-target.ts) and the worker threads' wire format (wire-report.ts), none of which should
 * import another only for this shape.
 */
import type { GodwitError } from '@godwit/core';
import type { FleetEntry } from './target-list.js';

export interface TargetReport {
  entry: FleetEntry;
  /** the URL with its password masked */
  target: string;
  /** the outcome's state, or `failed`, `unreachable`, `skipped` */
  state: string;
  ok: boolean;
  durationMs?: number;
  json: Record<string, unknown>;
  error?: GodwitError;
}
