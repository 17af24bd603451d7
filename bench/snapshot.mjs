/**
 * A private copy of the built CLI for one bench run. Other people rebuild apps/cli/dist and
 * packages/<name>/dist while a bench runs (every few minutes on a busy day): run from the live
 * folders, a bench would time two builds in one table, or crash on a chunk that a rebuild removed.
 * So each kind copies the build once, at its start, into its temporary folder, and times only
 * that copy. The copy keeps the workspace's layout and its package links (relative symlinks, as
 * pnpm makes them), and its node_modules links to the repository's, so every import resolves as it
 * does in the repository.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cliBuild, repoRoot, run } from './lib.mjs';

/** The workspace folders the CLI runs from: apps/cli and every package that has been built. */
function builtPackages(root) {
  const packages = readdirSync(join(root, 'packages')).map((p) => join('packages', p));
  return ['apps/cli', ...packages].filter((p) => existsSync(join(root, p, 'dist')));
}

/** Copies node_modules' links (top level and @scope folders); the rest there is caches. */
function copyLinks(from, to) {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const entry = join(from, name);
    const stat = lstatSync(entry);
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(entry), join(to, name));
    else if (stat.isDirectory() && name.startsWith('@')) copyLinks(entry, join(to, name));
  }
}

function copyBuild(target) {
  symlinkSync(join(repoRoot, 'node_modules'), join(target, 'node_modules'));
  for (const p of builtPackages(repoRoot)) {
    const from = join(repoRoot, p);
    const to = join(target, p);
    mkdirSync(to, { recursive: true });
    cpSync(join(from, 'package.json'), join(to, 'package.json'));
    for (const folder of ['dist', 'schema']) {
      if (existsSync(join(from, folder))) cpSync(join(from, folder), join(to, folder), { recursive: true });
    }
    if (existsSync(join(from, 'node_modules'))) copyLinks(join(from, 'node_modules'), join(to, 'node_modules'));
  }
}

/**
 * Copies the current build into `<dir>/build` and returns `{ bin, build }`: the copy's bin.js and
 * its short hash (cliBuild). A copy taken while a rebuild was writing is thrown away and taken
 * again a little later.
 */
export async function snapshotCli(dir) {
  for (let attempt = 1; attempt <= 10; attempt++) {
    const target = join(dir, `build-${attempt}`);
    mkdirSync(target, { recursive: true });
    const before = cliBuild();
    try {
      copyBuild(target);
    } catch {
      // a file vanished under the copy: a rebuild is under way
    }
    const build = cliBuild(target);
    const bin = join(target, 'apps/cli/dist/bin.js');
    if (build === before && build === cliBuild() && run(process.execPath, [bin, '--help'], { allowFailure: true }).status === 0) {
      return { bin, build };
    }
    console.error(`bench: the CLI is being rebuilt; copying it again in 15 s (attempt ${attempt})`);
    await new Promise((resolve) => setTimeout(resolve, 15_000));
  }
  throw new Error('bench: could not copy a stable build of the CLI (rebuilt all the time?)');
}
