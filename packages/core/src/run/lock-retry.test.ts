import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, retryDelayMs, retryPolicyOf } from './lock-retry.js';

describe('lock retries: policy and backoff', () => {
  it('takes the migration settings, with no retry and a 500 ms delay by default', () => {
    expect(retryPolicyOf(undefined)).toEqual({ retries: 0, delayMs: 500 });
    expect(retryPolicyOf({ retries: 5, retryDelayMs: 1000 })).toEqual({ retries: 5, delayMs: 1000 });
  });

  it('doubles the wait after each try, jittered within its upper half', () => {
    const policy = { retries: 10, delayMs: 1000 };
    expect([1, 2, 3, 4].map((t) => retryDelayMs(policy, t, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((t) => retryDelayMs(policy, t, () => 0))).toEqual([500, 1000, 2000, 4000]);
  });

  it('never waits longer than the cap', () => {
    expect(retryDelayMs({ retries: 50, delayMs: 1000 }, 40, () => 1)).toBe(MAX_RETRY_DELAY_MS);
  });
});
