import { describe, expect, it } from 'vitest';
import { runEach } from './run-each.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runEach', () => {
  it('runs in order, one at a time, and skips the rest after a failure', async () => {
    const started: string[] = [];
    const results = await runEach(['a', 'b', 'c'], { concurrency: 1, continueOnError: false }, async (id) => {
      started.push(id);
      return { ok: id !== 'b', value: id };
    });
    expect(started).toEqual(['a', 'b']);
    expect(results.map((r) => r.status)).toEqual(['ok', 'failed', 'skipped']);
  });

  it('continues after a failure when asked', async () => {
    const results = await runEach(['a', 'b', 'c'], { concurrency: 1, continueOnError: true }, async (id) => ({ ok: id !== 'a', value: id }));
    expect(results.map((r) => r.status)).toEqual(['failed', 'ok', 'ok']);
  });

  it('never runs more than `concurrency` jobs at once', async () => {
    let running = 0;
    let peak = 0;
    await runEach([1, 2, 3, 4, 5], { concurrency: 2, continueOnError: false }, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(20);
      running--;
      return { ok: true, value: n };
    });
    expect(peak).toBe(2);
  });
});
