/**
 * A batched backfill's progress in words, once for the log line and the terminal's progress line:
 * `45,000 of ~200,000 rows (22%), 12,000 rows/s, about 13 s left`.
 */
import type { GodwitEvent } from '@godwit/core';
import { formatDuration } from '../output/duration.js';

type BatchProgress = Extract<GodwitEvent, { event: 'batch-progress' }>;

export function batchWords(e: BatchProgress): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const of = e.total === undefined ? '' : ` of ~${n(e.total)}`;
  const share = e.total ? ` (${Math.min(100, Math.floor((e.rowsDone / e.total) * 100))}%)` : '';
  if (e.finished) return `${n(e.rowsDone)} row(s) done in ${e.batches} batch(es) (${formatDuration(e.elapsedMs)})`;
  if (e.batches === 0) return `batched backfill: ${n(e.rowsDone)}${of} rows done, starting`;
  const eta = e.etaMs === undefined ? '' : `, about ${formatDuration(e.etaMs)} left`;
  return `${n(e.rowsDone)}${of} rows${share}, ${n(e.rowsPerSecond)} rows/s${eta}`;
}
