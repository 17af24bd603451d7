/**
 * A textfile for node_exporter's textfile collector. The collector may read the folder at any
 * moment, so the file is written beside the target and renamed over it: a reader sees the old
 * file or the new one, never half of one. The temporary name does not end in `.prom`, so the
 * collector ignores it.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { GodwitError } from '@godwit/core';
import type { Registry } from 'prom-client';

export async function writeMetricsFile(registry: Registry, path: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temp, await registry.metrics(), { mode: 0o644 });
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => {});
    const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    throw new GodwitError('USAGE', `could not write the metrics file ${path}: ${reason}`, {
      hint: "point --metrics-file at a writable folder (node_exporter's --collector.textfile.directory), with a .prom name",
      cause: e,
    });
  }
}
