/** The GodwitError `fn` throws; anything else it throws is rethrown, and not throwing fails the test. */
import { GodwitError } from '../errors.js';

export function godwitErrorFrom(fn: () => unknown): GodwitError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GodwitError) return e;
    throw e;
  }
  throw new Error('expected a GodwitError');
}
