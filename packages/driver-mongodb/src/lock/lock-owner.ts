import { randomBytes } from 'node:crypto';
import { defaultAppliedBy } from '@godwit/core';

/**
 * Who holds the lock, as shown to a runner that waits: user@host and pid say which process, and a
 * random tag tells apart two drivers in one process (which must exclude each other too).
 */
export function newLockOwner(): string {
  return `${defaultAppliedBy()} pid ${process.pid} #${randomBytes(3).toString('hex')}`;
}
