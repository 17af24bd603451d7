import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardFrom, shardOf } from './shard.js';

const ids = Array.from({ length: 1000 }, (_, i) => `sqlite:./tenants/t${i}.db`);

describe('shardOf', () => {
  it('puts every target in exactly one of N shards, spread evenly', () => {
    for (const n of [1, 2, 4, 7]) {
      const counts = Array.from({ length: n }, (_, s) => ids.filter((id) => inShard(id, { index: s, count: n })).length);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(ids.length);
      for (const c of counts) expect(c).toBeGreaterThan((ids.length / n) * 0.7);
    }
  });

  it('is stable: the same id lands in the same shard, whatever the list around it', () => {
    expect(shardOf('tenant-42', 8)).toBe(shardOf('tenant-42', 8));
    // a known value, so a change of hash (which would reshuffle every running fleet) fails here
    expect([0, 1, 2, 3].map((i) => shardOf(`t${i}`, 4))).toMatchInlineSnapshot(`
      [
        3,
        1,
        1,
        3,
      ]
    `);
  });
});

describe('parseShard and shardFrom', () => {
  it('reads I/N', () => {
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    expect(() => parseShard('4/4')).toThrow('the index must be below the count (0 to 3)');
    expect(() => parseShard('1-4')).toThrow('--shard 1-4 is not I/N');
    expect(() => parseShard('0/0')).toThrow('the shard count must be 1 or more');
  });

  it('takes a Kubernetes Indexed Job\'s JOB_COMPLETION_INDEX with --shard-count or GODWIT_SHARD_COUNT', () => {
    expect(shardFrom(undefined, '8', { JOB_COMPLETION_INDEX: '5' })).toEqual({ index: 5, count: 8 });
    expect(shardFrom(undefined, undefined, { JOB_COMPLETION_INDEX: '2', GODWIT_SHARD_COUNT: '3' })).toEqual({ index: 2, count: 3 });
    // an index alone (any Indexed Job) does not shard: the count is the user's decision
    expect(shardFrom(undefined, undefined, { JOB_COMPLETION_INDEX: '2' })).toBeUndefined();
    expect(() => shardFrom(undefined, '8', {})).toThrow('a shard count (8) is given but JOB_COMPLETION_INDEX is not set');
    expect(() => shardFrom('0/2', '2', {})).toThrow('--shard and --shard-count are both given');
  });
});
