/**
 * Which shard a target belongs to: a stable hash of its id, modulo the shard count. Every pod of a
 * Kubernetes Indexed Job computes the same assignment from the same list, so N pods cover the
 * fleet exactly once, and a restarted pod redoes only its own targets. The hash is SHA-256 (not
 * the list position), so adding a target moves no other target to another shard.
 */
import { createHash } from 'node:crypto';
import { GodwitError } from '@godwit/core';

export interface Shard {
  index: number;
  count: number;
}

export function shardOf(id: string, count: number): number {
  const digest = createHash('sha256').update(id).digest();
  // 48 bits are plenty for an even spread and stay exact in a JS number.
  return digest.readUIntBE(0, 6) % count;
}

export function inShard(id: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(id, shard.count) === shard.index;
}

/** `--shard 2/8` (0-based index). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw badShard(`--shard ${text} is not I/N`);
  return checked(Number(m[1]), Number(m[2]), `--shard ${text}`);
}

/**
 * The shard from the flags, or from a Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (set by
 * Kubernetes) with `--shard-count N` or `GODWIT_SHARD_COUNT`. A count without an index (or the
 * reverse) is an error rather than a silent run on the whole fleet from every pod.
 */
export function shardFrom(flag: string | undefined, count: string | undefined, env: NodeJS.ProcessEnv): Shard | undefined {
  if (flag !== undefined) {
    if (count !== undefined) throw badShard('--shard and --shard-count are both given', 'use one: --shard I/N, or --shard-count N with JOB_COMPLETION_INDEX');
    return parseShard(flag);
  }
  const total = count ?? env.GODWIT_SHARD_COUNT;
  const index = env.JOB_COMPLETION_INDEX;
  if (total === undefined) return undefined;
  if (index === undefined || index === '') {
    throw badShard(`a shard count (${total}) is given but JOB_COMPLETION_INDEX is not set`, 'run as a Kubernetes Indexed Job, or pass --shard I/N');
  }
  if (!/^\d+$/.test(total) || !/^\d+$/.test(index)) throw badShard(`shard ${index}/${total} is not two whole numbers`);
  return checked(Number(index), Number(total), `shard ${index}/${total} (JOB_COMPLETION_INDEX/shard count)`);
}

function checked(index: number, count: number, what: string): Shard {
  if (count < 1) throw badShard(`${what}: the shard count must be 1 or more`);
  if (index >= count) throw badShard(`${what}: the index must be below the count (0 to ${count - 1})`);
  return { index, count };
}

function badShard(message: string, hint = 'e.g. --shard 0/4 (shards are numbered from 0)'): GodwitError {
  return new GodwitError('USAGE', message, { hint });
}
