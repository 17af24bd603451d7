import { describe, expect, it } from 'vitest';
import { runWaves } from './run-waves.js';

const job = (bad: ReadonlySet<number>) => async (n: number) => ({ ok: !bad.has(n), value: n });
const statuses = (r: { results: Array<{ status: string }> }) => r.results.map((x) => x.status[0]).join('');

describe('runWaves', () => {
  it('runs every wave when nothing fails', async () => {
    const r = await runWaves([1, 2, 3, 4, 5], { concurrency: 2, failFast: false, sizes: [1, 2, 2] }, job(new Set()));
    expect(statuses(r)).toBe('ooooo');
    expect(r.waves).toEqual([{ size: 1, failed: 0 }, { size: 2, failed: 0 }, { size: 2, failed: 0 }]);
  });

  it('finishes the wave with a failure, then starts no other', async () => {
    const r = await runWaves([1, 2, 3, 4, 5, 6], { concurrency: 1, failFast: false, sizes: [1, 2, 3] }, job(new Set([2])));
    expect(statuses(r)).toBe('ofosss');
    expect(r.waves).toEqual([{ size: 1, failed: 0 }, { size: 2, failed: 1 }]);
  });

  it('a failing canary stops the fleet after one target', async () => {
    const r = await runWaves([1, 2, 3], { concurrency: 4, failFast: false, sizes: [1, 2] }, job(new Set([1])));
    expect(statuses(r)).toBe('fss');
  });

  it('--fail-fast stops new starts inside a wave too', async () => {
    const r = await runWaves([1, 2, 3, 4], { concurrency: 1, failFast: true, sizes: [4] }, job(new Set([2])));
    expect(statuses(r)).toBe('ofss');
  });
});
