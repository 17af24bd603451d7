import { describe, expect, it } from 'vitest';
import { BatchMeter } from './batch-meter.js';

describe('BatchMeter', () => {
  it('reports rows done, rate and ETA from this run only', () => {
    let t = 0;
    const meter = new BatchMeter(1000, 9000, () => t);
    expect(meter.report()).toEqual({ rowsDone: 1000, total: 10000, batches: 0, rowsPerSecond: 0, elapsedMs: 0 });
    t = 2000;
    meter.add(2000);
    meter.add(2000);
    expect(meter.report()).toEqual({ rowsDone: 5000, total: 10000, batches: 2, rowsPerSecond: 2000, etaMs: 2500, elapsedMs: 2000 });
  });

  it('never shows a total below what is done (an estimate can be low) and no ETA without a total', () => {
    let t = 0;
    const low = new BatchMeter(0, 10, () => t);
    t = 1000;
    low.add(50);
    expect(low.report()).toMatchObject({ rowsDone: 50, total: 50, etaMs: 0 });
    const unknown = new BatchMeter(0, undefined, () => t);
    unknown.add(5);
    expect(unknown.report()).not.toHaveProperty('total');
    expect(unknown.report()).not.toHaveProperty('etaMs');
  });
});
