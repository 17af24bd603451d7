/**
 * Durations for people: `12 ms`, `8.7 s`, `2 min 03 s`, `1 h 05 min`. JSON output keeps the
 * exact milliseconds (`durationMs`); this is only for text.
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${pad(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${pad(Math.floor(seconds / 60) % 60)} min`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** What `formatDuration` prints, for tests and tools that read text output. */
export const DURATION_PATTERN = String.raw`\d+ ms|\d+\.\d s|\d+ min \d\d s|\d+ h \d\d min`;
