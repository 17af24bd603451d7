/**
 * Suites that need a server. Without it they are skipped with a message, except under CI=true,
 * where a missing server is a failure: CI must prove the code against the real thing.
 */
import { describe, it } from 'vitest';
import { isCI } from './env.ts';

/** What a suite needs, and why it is not there (undefined when it is). */
export type Need = readonly [what: string, problem: string | undefined];

export { isCI };

/** The problems of the needs that are not met. */
export function unmet(needs: readonly Need[]): string[] {
  return needs.filter(([, problem]) => problem !== undefined).map(([what, problem]) => `${what}: ${problem}`);
}

/** `describe` that runs only when every need is met; skipped with a warning, or failed under CI. */
export function describeNeeding(name: string, needs: readonly Need[], body: () => void): void {
  const problems = unmet(needs);
  if (problems.length === 0) {
    describe(name, body);
    return;
  }
  if (isCI) {
    describe(name, () => {
      it(`needs ${needs.map(([what]) => what).join(' and ')}`, () => {
        throw new Error(`${problems.join('; ')}. CI must run these tests against it`);
      });
    });
    return;
  }
  console.warn(`skipping "${name}": ${problems.join('; ')}`);
  describe.skip(name, body);
}
