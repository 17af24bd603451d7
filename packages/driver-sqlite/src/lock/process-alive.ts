/**
 * Whether a process on this host is still running. Signal 0 checks without sending anything:
 * ESRCH means no such process; EPERM means it exists but belongs to another user (alive).
 */
export function isProcessAlive(pid: number): boolean {
  // kill(0) or a negative pid would address a whole process group: never call it with those.
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
