/**
 * Which process holds the lock, told apart from every other process that ever had its pid.
 *
 * A pid alone is not enough: pids are reused, and in a container the runner is often pid 1, so a
 * runner in a fresh container (a new PID namespace) would see "pid 1" alive (itself) and wait for
 * a lock whose holder died with the old container. On Linux the identity also records
 * - the boot id (`/proc/sys/kernel/random/boot_id`): changes when the machine restarts;
 * - the PID namespace (`readlink /proc/self/ns/pid`): a pid only means something inside its own;
 * - the start time (field 22 of `/proc/<pid>/stat`, clock ticks after boot): a reused pid starts
 *   at another time.
 * Elsewhere (macOS, Windows, or no /proc) they are absent and only host and pid are compared.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { isProcessAlive } from './process-alive.js';

export interface ProcessIdentity {
  host: string;
  pid: number;
  bootId?: string | undefined;
  pidNs?: string | undefined;
  startTime?: string | undefined;
}

/**
 * What can be told about the holder from here:
 * - `alive`: a live process with that identity exists (or at least that pid, where nothing more
 *   can be checked);
 * - `dead`: no such process exists any more: its lock is stale;
 * - `unknown`: the holder is on another host, in another PID namespace or from another boot, so
 *   no process check means anything; only its lease can say it is gone.
 */
export type Liveness = 'alive' | 'dead' | 'unknown';

interface ProcStat {
  pid: number;
  state: string;
  startTime: string;
}

/** Fields of `/proc/<pid>/stat`, or undefined when it cannot be read. */
function readStat(pid: number | 'self'): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so split after the last `)`.
  const close = text.lastIndexOf(')');
  if (close === -1) return undefined;
  const fields = text.slice(close + 2).split(' ');
  const state = fields[0];
  const startTime = fields[19]; // field 22; fields[0] is field 3
  if (!state || !startTime || !/^\d+$/.test(startTime)) return undefined;
  return { pid: Number.parseInt(text, 10), state, startTime };
}

function readTrimmed(read: () => string): string | undefined {
  try {
    return read().trim() || undefined;
  } catch {
    return undefined;
  }
}

let mine: { identity: ProcessIdentity; procMatches: boolean } | undefined;

function probeSelf(): { identity: ProcessIdentity; procMatches: boolean } {
  if (mine?.identity.pid === process.pid) return mine;
  const self = readStat('self');
  // /proc can belong to another PID namespace than this process (`unshare --pid` without
  // --mount-proc): then `/proc/<pid>` names other processes than `pid` does here, and start times
  // read there would be compared with the wrong process.
  const procMatches = self !== undefined && self.pid === process.pid;
  mine = {
    identity: {
      host: hostname(),
      pid: process.pid,
      bootId: readTrimmed(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')),
      pidNs: readTrimmed(() => readlinkSync('/proc/self/ns/pid')),
      startTime: procMatches ? self.startTime : undefined,
    },
    procMatches,
  };
  return mine;
}

/** This process's identity (read once). */
export function currentIdentity(): ProcessIdentity {
  return probeSelf().identity;
}

/** Whether the process recorded as `holder` is still running, as far as `me` can tell. */
export function holderLiveness(holder: ProcessIdentity, me: ProcessIdentity = currentIdentity()): Liveness {
  if (holder.host !== me.host) return 'unknown';
  // Another boot, another PID namespace, or recorded on one side only (/proc missing here or
  // there): a pid check here would be about some other process.
  if (holder.bootId !== me.bootId || holder.pidNs !== me.pidNs) return 'unknown';

  if (holder.pid === me.pid) {
    // This pid is ours: the holder is this process (another driver in it), unless it started at
    // another time, i.e. it was an earlier process with the same pid (a restarted pid 1).
    return holder.startTime !== undefined && me.startTime !== undefined && holder.startTime !== me.startTime ? 'dead' : 'alive';
  }
  if (holder.startTime !== undefined && me.pid === process.pid && probeSelf().procMatches) {
    const stat = readStat(holder.pid);
    if (stat) return stat.state === 'Z' || stat.state === 'X' || stat.startTime !== holder.startTime ? 'dead' : 'alive';
    // Not readable: gone, or hidden from us (/proc mounted with hidepid): ask the kernel.
  }
  return isProcessAlive(holder.pid) ? 'alive' : 'dead';
}
