/**
 * The fleet's Indexed Job (k8s/fleet-indexed-job.yaml) is wired the way docs/fleet.md says: one
 * index per shard, retries per index, and `godwit fleet up` told the same shard count.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML is walked by key below
const job: any = parse(readFileSync(new URL('../k8s/fleet-indexed-job.yaml', import.meta.url), 'utf8'), { prettyErrors: true });

describe('k8s/fleet-indexed-job.yaml', () => {
  it('is an Indexed Job whose completions equal the shard count godwit is given', () => {
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    const container = job.spec.template.spec.containers[0];
    expect(container.args.slice(0, 2)).toEqual(['fleet', 'up']);
    const args: string[] = container.args;
    expect(Number(args[args.indexOf('--shard-count') + 1])).toBe(job.spec.completions);
    expect(args).toContain('--targets-query');
    expect(container.env.map((e: { name: string }) => e.name)).toContain('DATABASE_URL');
  });

  it('retries an index alone (backoffLimitPerIndex needs restartPolicy Never) and runs fewer pods than indexes', () => {
    expect(job.spec.backoffLimitPerIndex).toBeGreaterThan(0);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.parallelism).toBeLessThanOrEqual(job.spec.completions);
  });
});
