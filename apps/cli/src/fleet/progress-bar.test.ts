import { describe, expect, it } from 'vitest';
import { createFleetProgress, progressLine } from './progress-bar.js';

describe('progressLine', () => {
  it('shows the bar, the count, the rate and the time left', () => {
    expect(progressLine({ done: 250, failed: 0, total: 1000, elapsedMs: 10_000 })).toBe('[######..................] 250/1000 targets  25/s  ETA 30.0 s');
    expect(progressLine({ done: 3, failed: 1, total: 3, elapsedMs: 2000 })).toBe('[########################] 3/3 targets (1 failed)  1.5/s');
    expect(progressLine({ done: 0, failed: 0, total: 0, elapsedMs: 0 })).toBe('[########################] 0/0 targets  0.0/s');
  });
});

describe('createFleetProgress', () => {
  it('draws nothing off a terminal, and at most every 100 ms on one (always the last target)', () => {
    expect(createFleetProgress(3, { write: () => undefined, isTTY: false })).toBeUndefined();
    const lines: string[] = [];
    let clock = 0;
    const p = createFleetProgress(3, { write: (t) => void lines.push(t), isTTY: true }, () => clock)!;
    clock = 150;
    p.targetDone(true);
    clock = 160;
    p.targetDone(false);
    clock = 170;
    p.targetDone(true);
    p.stop();
    expect(lines.length).toBe(3);
    expect(lines[1]).toContain('3/3 targets (1 failed)');
    expect(lines[2]).toBe('\r\x1b[2K');
  });
});
