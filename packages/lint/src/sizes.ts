/** Table sizes for people: `~12M rows`, `3.1 GB`. */

export function formatRows(rows: number): string {
  if (rows < 1000) return String(Math.max(0, Math.round(rows)));
  if (rows < 1e6) return `${round(rows / 1e3)}k`;
  if (rows < 1e9) return `${round(rows / 1e6)}M`;
  return `${round(rows / 1e9)}G`;
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${round(value)} ${units[unit]}`;
}

/** One decimal below 10 (3.1), none above (12). */
function round(n: number): string {
  return n < 10 ? String(Math.round(n * 10) / 10) : String(Math.round(n));
}
