import { describe, expect, it } from 'vitest';
import { runBatches } from './run-batches.js';

describe('runBatches', () => {
  it('runs batches until one touches no row, recording the rows done after each', async () => {
    let left = 12;
    const recorded: number[] = [];
    const reports: Array<{ rowsDone: number; finished: boolean }> = [];
    const outcome = await runBatches({
      spec: { size: 5, delayMs: 0 },
      signal: new AbortController().signal,
      startRows: 3,
      estimate: async () => left,
      runBatch: async () => {
        const n = Math.min(5, left);
        left -= n;
        return n;
      },
      record: async (n) => void recorded.push(n),
      report: (r) => void reports.push({ rowsDone: r.rowsDone, finished: r.finished }),
    });
    expect(outcome).toEqual({ rowsDone: 15, batches: 3 });
    expect(recorded).toEqual([8, 13, 15]);
    expect(reports.at(-1)).toEqual({ rowsDone: 15, finished: true });
    expect(reports[0]).toEqual({ rowsDone: 3, finished: false });
  });

  it('stops between batches when the signal fires, and treats a failed estimate as unknown', async () => {
    const ac = new AbortController();
    let batches = 0;
    const run = runBatches({
      spec: { size: 5, delayMs: 10_000 },
      signal: ac.signal,
      startRows: 0,
      estimate: async () => {
        throw new Error('no count');
      },
      runBatch: async () => {
        batches++;
        setImmediate(() => ac.abort());
        return 5;
      },
      record: async () => undefined,
      report: () => undefined,
    });
    await expect(run).rejects.toThrow('cancelled');
    expect(batches).toBe(1);
  });
});
