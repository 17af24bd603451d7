import { hostname, userInfo } from 'node:os';
import { packageVersion } from './package-version.js';

/** Core's own version, written into history rows so an audit can tell which Godwit ran a step. */
export const TOOL_VERSION: string = `godwit/${packageVersion('@godwit/core', import.meta.url) ?? 'unknown'}`;

/** `user@host`, as the store's applied_by column wants it. */
export function defaultAppliedBy(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // some containers run with a uid that has no passwd entry
  }
  return `${user}@${hostname()}`;
}
