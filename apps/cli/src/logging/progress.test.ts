import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GodwitEvent } from '@godwit/core';
import { createProgress } from './progress.js';

const ERASE = '\r\x1b[2K';
const label = (version: number, name: string) => `${String(version).padStart(6, '0')}_${name}`;
const migrating = (version: number, index: number, total: number): GodwitEvent => ({
  event: 'migrating',
  version,
  name: `m${version}`,
  direction: 'up',
  index,
  total,
  transactional: true,
});
const migrated = (version: number): GodwitEvent => ({
  event: 'migrated',
  version,
  name: `m${version}`,
  direction: 'up',
  durationMs: 1500,
  status: 'applied',
});

function fakeStream(isTTY: boolean, columns?: number) {
  const chunks: string[] = [];
  return { chunks, stream: { write: (t: string) => chunks.push(t), isTTY, ...(columns !== undefined && { columns }) } };
}

describe('createProgress', () => {
  let clock = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('draws one updating line on a TTY: the migration, n of N, elapsed time; erases it when the step ends', () => {
    const { chunks, stream } = fakeStream(true);
    const progress = createProgress({ stream, label, now: () => clock, intervalMs: 100 })!;
    progress.onEvent(migrating(3, 2, 5));
    expect(chunks).toEqual([]); // the event's own log line goes first
    progress.render();
    clock = 100;
    vi.advanceTimersByTime(100);
    clock = 1300;
    vi.advanceTimersByTime(100);
    expect(chunks).toHaveLength(3);
    expect(chunks.every((c) => c.startsWith(ERASE))).toBe(true);
    expect(chunks[0]!.slice(ERASE.length)).toMatch(/^. applying 000003_m3 \(2\/5\) 0\.0s$/);
    expect(chunks[1]!.slice(ERASE.length)).toMatch(/^. applying 000003_m3 \(2\/5\) 0\.1s$/);
    expect(chunks[2]!.slice(ERASE.length)).toMatch(/^. applying 000003_m3 \(2\/5\) 1\.3s$/);
    progress.render(); // already on screen: nothing more
    expect(chunks).toHaveLength(3);
    progress.onEvent(migrated(3));
    expect(chunks[3]).toBe(ERASE);
    progress.render(); // no step running
    vi.advanceTimersByTime(1000);
    expect(chunks).toHaveLength(4); // stopped redrawing
    progress.stop();
    expect(chunks).toHaveLength(4); // nothing left to erase
  });

  it('cuts the line to the terminal width so it never wraps', () => {
    const { chunks, stream } = fakeStream(true, 20);
    const progress = createProgress({ stream, label, now: () => clock, intervalMs: 100 })!;
    progress.onEvent(migrating(1, 1, 1));
    vi.advanceTimersByTime(100);
    expect(chunks[0]!.replace('\r\x1b[2K', '')).toHaveLength(19);
    progress.stop();
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
  });

  it('adds a batched backfill\'s rows, rate and ETA to the line after each batch', () => {
    const { chunks, stream } = fakeStream(true);
    const progress = createProgress({ stream, label, now: () => clock, intervalMs: 100 })!;
    progress.onEvent(migrating(4, 1, 1));
    progress.render();
    clock = 2000;
    progress.onEvent({ event: 'batch-progress', version: 4, name: 'm4', rowsDone: 10000, total: 40000, batches: 2, rowsPerSecond: 5000, etaMs: 6000, elapsedMs: 2000, finished: false });
    expect(chunks.at(-1)!.slice(ERASE.length)).toMatch(/^. applying 000004_m4 \(1\/1\) 2\.0s: 10,000 of ~40,000 rows \(25%\), 5,000 rows\/s, about 6\.0 s left$/);
    progress.stop();
  });

  it('draws nothing when the stream is not a terminal', () => {
    const { stream } = fakeStream(false);
    expect(createProgress({ stream, label })).toBeUndefined();
  });
});
