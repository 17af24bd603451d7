import { setImmediate } from 'node:timers/promises';

/**
 * better-sqlite3 is synchronous: without a turn of the event loop between statements, a time
 * limit or Ctrl-C (both arrive as AbortSignal events) could never be seen before the step ends.
 */
export function yieldToEventLoop(): Promise<void> {
  return setImmediate();
}
