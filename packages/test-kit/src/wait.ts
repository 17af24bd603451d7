/**
 * Waiting for a condition instead of for time: a test that sleeps a fixed while and then looks
 * fails on a busy machine, where everything takes longer. Poll for the state with a generous
 * deadline; on an idle machine the wait ends as soon as the state is there.
 */

export interface WaitForOptions {
  /** how long at most (default 60 s: generous, for a loaded CI machine) */
  timeoutMs?: number;
  /** between two looks (default 25 ms) */
  intervalMs?: number;
}

/**
 * Calls `probe` until it returns something other than undefined (or false), and returns that.
 * Throws `timed out waiting for <what>` after the deadline.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 60_000, intervalMs = 25 }: WaitForOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
