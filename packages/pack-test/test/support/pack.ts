/**
 * `pnpm pack` of one workspace package, as `pnpm publish` would upload it: pnpm rewrites
 * `workspace:^` to the real version range. The tarball's file list and package.json are read
 * back with `tar`, so what is checked is what npm would install.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '@godwit/test-kit/process';
import { type Manifest, REPO, type WorkspacePackage } from './workspace.js';

export interface Tarball {
  name: string;
  file: string;
  manifest: Manifest;
  /** paths inside the package (`dist/index.js`), without tar's `package/` prefix */
  files: string[];
  /** where its contents were unpacked, for checks that read them */
  unpacked: string;
}

/** pnpm on PATH (scripts/setup.sh puts it there), else the copy setup.sh installs into .tools/. */
function pnpmCommand(): string {
  const local = join(REPO, '.tools/node_modules/.bin/pnpm');
  const onPath = (process.env.PATH ?? '').split(':').some((d) => d && readdirSafe(d).includes('pnpm'));
  return onPath ? 'pnpm' : local;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

async function run(command: string, args: string[], cwd: string): Promise<string> {
  const r = await runProcess(command, args, { cwd });
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

export async function pack(pkg: WorkspacePackage, destination: string): Promise<Tarball> {
  const before = new Set(readdirSafe(destination));
  await run(pnpmCommand(), ['pack', '--pack-destination', destination], pkg.dir);
  const made = readdirSafe(destination).filter((f) => f.endsWith('.tgz') && !before.has(f));
  if (made.length !== 1) throw new Error(`pnpm pack of ${pkg.manifest.name} made ${made.length} tarballs in ${destination}`);
  const file = join(destination, made[0]!);
  const files = (await run('tar', ['-tzf', file], destination))
    .split('\n')
    .filter(Boolean)
    .map((p) => p.replace(/^package\//, ''));
  const unpacked = join(destination, 'unpacked', made[0]!.replace(/\.tgz$/, ''));
  mkdirSync(unpacked, { recursive: true });
  await run('tar', ['-xzf', file, '-C', unpacked, '--strip-components=1'], destination);
  const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as Manifest;
  return { name: pkg.manifest.name, file, manifest, files, unpacked };
}

/** Every path a package.json points at (main, types, bin, every `exports` target). */
export function entryPoints(manifest: Manifest): string[] {
  const targets: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') targets.push(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  walk(manifest.exports);
  walk(manifest.bin);
  if (manifest.main) targets.push(manifest.main);
  if (manifest.types) targets.push(manifest.types);
  return [...new Set(targets.map((t) => t.replace(/^\.\//, '')))].sort();
}

/**
 * Bundle chunks no other file of the package imports: left over from an earlier build (their
 * names carry a content hash), they would be published for nothing.
 */
export function deadChunks(tarball: Tarball): string[] {
  const code = tarball.files.filter((f) => /^dist\/.*\.m?js$/.test(f));
  const texts = new Map(code.map((f) => [f, readFileSync(join(tarball.unpacked, f), 'utf8')]));
  return code
    .filter((f) => f.startsWith('dist/chunks/'))
    .filter((chunk) => {
      const name = chunk.slice('dist/chunks/'.length);
      return ![...texts].some(([f, text]) => f !== chunk && text.includes(name));
    });
}

/** What a tarball must not carry: build caches, tests, sources behind the bundles. */
export function strayFiles(files: readonly string[]): string[] {
  return files.filter((f) => /\.tsbuildinfo$|\.test\.[cm]?[jt]s$|(^|\/)__fixtures__\/|^src\//.test(f));
}
