/**
 * Runs one job per database: in order, or up to `concurrency` at once. After the first failure
 * no new job starts (those are `skipped`), unless `continueOnError`; jobs already running finish,
 * because stopping a migration half way is worse than letting it end.
 */
export type EachResult<T> = { status: 'ok' | 'failed'; value: T } | { status: 'skipped' };

export interface EachOptions {
  concurrency: number;
  continueOnError: boolean;
}

export async function runEach<I, T>(
  items: readonly I[],
  options: EachOptions,
  job: (item: I, index: number) => Promise<{ ok: boolean; value: T }>,
): Promise<EachResult<T>[]> {
  const results: EachResult<T>[] = items.map(() => ({ status: 'skipped' }));
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && (!failed || options.continueOnError)) {
      const index = next++;
      const { ok, value } = await job(items[index]!, index);
      results[index] = { status: ok ? 'ok' : 'failed', value };
      if (!ok) failed = true;
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
