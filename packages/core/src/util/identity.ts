import { hostname, userInfo } from 'node:os';
import { packageVersion } from './package-version.js';

/** Core's own version, written into history rows so an audit can tell which Godwit ran a step. */
export const TOOL_VERSION: string = `godwit/${packageVersion('@godwit/core', import.meta.url) ?? 'unknown'}`;

let appliedBy: string | undefined;

/**
 * `user@host`, as the store's applied_by column wants it. Read once per process: userInfo reads
 * the passwd database, and a fleet asks once per target.
 */
export function defaultAppliedBy(): string {
  appliedBy ??= readAppliedBy();
  return appliedBy;
}

function readAppliedBy(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // some containers run with a uid that has no passwd entry
  }
  return `${user}@${hostname()}`;
}
