/**
 * Retrying a statement (or a transactional migration as a whole) that gave up waiting for a lock
 * (`-- +godwit lock_timeout=500ms retries=10 retry_delay=1s`). A lock timeout means nothing took
 * effect, so trying again is safe; the wait between tries doubles (capped) and is jittered, so
 * several runners blocked by the same session do not come back in step.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Driver } from '../driver/contract.js';
import type { MigrationLimits } from '../migration.js';

export interface RetryPolicy {
  /** how many more tries after the first */
  retries: number;
  /** the first wait, doubled for each later one */
  delayMs: number;
}

export const DEFAULT_RETRY_DELAY_MS = 500;
/** No wait is longer than this, however many tries came before. */
export const MAX_RETRY_DELAY_MS = 30_000;

export function retryPolicyOf(limits: MigrationLimits | undefined): RetryPolicy {
  return { retries: limits?.retries ?? 0, delayMs: limits?.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS };
}

/** The wait before try `tries + 1`: delay x 2^(tries-1), capped, then somewhere in its upper half. */
export function retryDelayMs(policy: RetryPolicy, tries: number, random: () => number = Math.random): number {
  const backoff = Math.min(MAX_RETRY_DELAY_MS, policy.delayMs * 2 ** Math.max(0, tries - 1));
  return Math.round(backoff / 2 + (backoff / 2) * random());
}

/** What the step protocol tells the runner before each retry (the runner emits `lock-retry`). */
export interface RetryNotice {
  version: number;
  /** the try that failed, 1-based */
  tries: number;
  retries: number;
  delayMs: number;
  /** the database's words for the failure, secrets redacted */
  message: string;
}

/** Where the retries of one step got to, for the final error. */
export interface RetryState {
  /** tries made when the step failed (1: no retry) */
  tries: number;
  /** who held the lock at the last failure, when the driver can say */
  holders?: string;
  /** the last failure was a lock timeout */
  lockTimeout?: boolean;
}

/**
 * Run `attempt`; when it fails on a lock timeout and retries are left, wait and run it again.
 * After the last try, asks the driver who holds the lock (while they still do) and rethrows.
 */
export async function withLockRetries<T>(
  driver: Driver,
  options: { version: number; policy: RetryPolicy; signal: AbortSignal; state: RetryState; onRetry?: (notice: RetryNotice) => void },
  attempt: () => Promise<T>,
): Promise<T> {
  const { policy, signal, state } = options;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (e) {
      state.tries = tries;
      const facts = isGodwitLike(e) ? undefined : driver.describeError(e);
      if (!facts?.lockTimeout || signal.aborted) throw e;
      state.lockTimeout = true;
      if (tries > policy.retries) {
        const holders = await driver.lockHolders?.().catch(() => undefined);
        if (holders) state.holders = holders;
        throw e;
      }
      const delayMs = retryDelayMs(policy, tries);
      options.onRetry?.({ version: options.version, tries, retries: policy.retries, delayMs, message: facts.message });
      // A cancelled wait ends the step like a cancelled statement: the caller sees the signal.
      await sleep(delayMs, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) throw e;
    }
  }
}

/** Core's own errors (a lost lock, a cancelled step) are never a lock timeout to retry. */
function isGodwitLike(e: unknown): boolean {
  return e instanceof Error && (e.name === 'GodwitError' || e.name === 'StepCancelled');
}
