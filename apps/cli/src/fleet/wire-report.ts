/**
 * A target's report as it crosses from a worker thread: plain data (structured clone keeps no
 * class), the error as its JSON, rebuilt into a GodwitError on the main thread so reports, log
 * lines and exit codes treat it exactly as an in-process one.
 */
import { type ErrorCode, GodwitError } from '@godwit/core';
import type { TargetReport } from './target-report.js';
import type { FleetEntry } from './target-list.js';

export interface WireReport {
  target: string;
  state: string;
  ok: boolean;
  /** measured on the thread: the time the target ran, not the time it waited for a thread */
  durationMs?: number;
  json: Record<string, unknown>;
  error?: Record<string, unknown>;
}

export function toWire(report: TargetReport): WireReport {
  const { target, state, ok, durationMs, json, error } = report;
  return { target, state, ok, json, ...(durationMs !== undefined && { durationMs }), ...(error && { error: error.toJSON() }) };
}

export function fromWire(entry: FleetEntry, wire: WireReport): TargetReport {
  const { target, state, ok, durationMs, json, error } = wire;
  return { entry, target, state, ok, json, ...(durationMs !== undefined && { durationMs }), ...(error && { error: errorFromJson(error) }) };
}

function errorFromJson(j: Record<string, unknown>): GodwitError {
  const details = ['file', 'line', 'column', 'hint', 'version', 'data'] as const;
  return new GodwitError(j.code as ErrorCode, String(j.message), Object.fromEntries(details.filter((k) => j[k] !== undefined).map((k) => [k, j[k]])));
}
