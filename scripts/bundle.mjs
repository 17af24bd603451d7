#!/usr/bin/env node
/**
 * `node ../../scripts/bundle.mjs <entry> [<entry> ...]`, run in a package after `tsc -b`:
 * bundles the package's own modules (tsc's output in build/) into dist/, one file per entry plus
 * shared chunks. Why: Node loads each ES module with its own file reads and compile; the CLI's
 * ~100 small modules cost ~100 ms of every start, and `godwit status` should answer fast.
 * npm dependencies and other @godwit packages stay external, so they resolve from the package's
 * own node_modules as before and every package shares one copy of core (one GodwitError class).
 *
 * `node ../../scripts/bundle.mjs --single-file <entry> <outfile>` (the CLI's build) makes one
 * self-contained file instead, for Docker images: everything bundled but the database clients
 * (single-file.mjs says which, and why).
 */
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

if (process.argv[2] === '--single-file') {
  const { bundleSingleFile } = await import('./single-file.mjs');
  await bundleSingleFile(process.argv[3], process.argv[4]);
  process.exit(0);
}

const entries = process.argv.slice(2);
if (entries.length === 0) {
  console.error('bundle: name the entry files under build/, e.g. build/index.js');
  process.exit(2);
}
// Chunk names carry a content hash, so each build adds new ones: drop the last build's, or every
// stale chunk would be published with the package.
rmSync('dist/chunks', { recursive: true, force: true });
await build({
  entryPoints: entries,
  outbase: 'build',
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
