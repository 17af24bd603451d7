/**
 * Runs a job on every target of a fleet, wave by wave (one wave when no --waves): each wave
 * through run-each, up to `concurrency` at once; after a wave in which any target failed, no
 * further wave starts (a canary that fails stops the rollout). Within a wave a failure stops
 * new starts only with `failFast`. What is not run is `skipped`.
 */
import { type EachResult, runEach } from '../commands/shared/run-each.js';

export interface WaveOptions {
  concurrency: number;
  failFast: boolean;
  /** the waves' sizes, summing to the number of items (waves.ts) */
  sizes: readonly number[];
}

export interface WaveReport<T> {
  results: EachResult<T>[];
  /** per wave: how many targets it had and how many failed; waves never started are absent */
  waves: Array<{ size: number; failed: number }>;
}

export async function runWaves<I, T>(
  items: readonly I[],
  options: WaveOptions,
  /** `index`: the item's place in `items` */
  job: (item: I, index: number) => Promise<{ ok: boolean; value: T }>,
): Promise<WaveReport<T>> {
  const results: EachResult<T>[] = [];
  const waves: WaveReport<T>['waves'] = [];
  let start = 0;
  let stopped = false;
  for (const size of options.sizes) {
    const wave = items.slice(start, start + size);
    const offset = start;
    start += size;
    if (stopped) {
      for (const _ of wave) results.push({ status: 'skipped' });
      continue;
    }
    const done = await runEach(wave, { concurrency: options.concurrency, continueOnError: !options.failFast }, (item, i) => job(item, offset + i));
    const failed = done.filter((r) => r.status === 'failed').length;
    waves.push({ size, failed });
    results.push(...done);
    if (failed > 0) stopped = true;
  }
  return { results, waves };
}
