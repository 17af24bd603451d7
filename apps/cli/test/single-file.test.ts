/**
 * The single-file build (dist/godwit.mjs, for Docker images) runs on its own: copied into a
 * folder where only the database clients it leaves out can be found, it prints its version and
 * migrates SQLite, with better-sqlite3 as the one module there (the other clients load only
 * for their own databases). dist/godwit.package.json lists exactly those clients.
 */
import { copyFileSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEnv } from '@godwit/test-kit/cli';
import { perTest } from '@godwit/test-kit/per-test';
import { runProcess } from '@godwit/test-kit/process';
import { tempDir } from '@godwit/test-kit/temp';
import { describe, expect, it } from 'vitest';
import { parseJson } from './helpers.js';

const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
const readJson = (url: URL) => JSON.parse(readFileSync(url, 'utf8'));
const cli = readJson(new URL('../package.json', import.meta.url));

/** The installed copy of a driver's client, as the driver package resolves it. */
function clientFolder(driverPackage: string, client: string): string {
  const require = createRequire(new URL(`../../../packages/${driverPackage}/package.json`, import.meta.url));
  return dirname(realpathSync(require.resolve(`${client}/package.json`)));
}

describe('dist/godwit.mjs', () => {
  const folder = perTest(() => tempDir('single-file'), (f) => f.remove());
  const node = (...args: string[]) => runProcess(process.execPath, ['godwit.mjs', ...args], { cwd: folder.dir, env: cliEnv() });

  it('runs from a folder holding only it and better-sqlite3: --version, init, up, status', { timeout: 60_000 }, async () => {
    copyFileSync(dist('godwit.mjs'), folder.path('godwit.mjs'));
    mkdirSync(folder.path('node_modules'));
    symlinkSync(clientFolder('driver-sqlite', 'better-sqlite3'), folder.path('node_modules/better-sqlite3'), 'dir');

    const version = await node('--version');
    expect({ code: version.code, stdout: version.stdout, stderr: version.stderr }).toEqual({ code: 0, stdout: `${cli.version}\n`, stderr: '' });
    expect((await node('init')).code).toBe(0);
    const up = await node('up');
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain('applied      000001_init');
    const status = parseJson((await node('status', '--json')).stdout);
    expect(status.current).toBe(1);
    // the history records the real versions, though no package.json is near the file
    const history = parseJson((await node('history', '--json')).stdout);
    expect(JSON.stringify(history)).toContain(`"godwit/${readJson(new URL('../../../packages/core/package.json', import.meta.url)).version}"`);
  });

  it('names the clients it leaves out, at the versions the drivers pin', () => {
    const manifest = readJson(new URL('../dist/godwit.package.json', import.meta.url));
    const pins = (pkg: string) => readJson(new URL(`../../../packages/${pkg}/package.json`, import.meta.url)).dependencies;
    expect(manifest).toMatchObject({ private: true, type: 'module', version: cli.version });
    expect(manifest.dependencies).toEqual({
      'better-sqlite3': pins('driver-sqlite')['better-sqlite3'],
      pg: pins('driver-postgres').pg,
      'libpg-query': pins('driver-postgres')['libpg-query'],
      mongodb: pins('driver-mongodb').mongodb,
    });
    // every other dependency is inside the file
    const text = readFileSync(dist('godwit.mjs'), 'utf8');
    const imported = [...text.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imported.filter((m) => !m?.startsWith('node:') && !builtinModules.includes(m!))).toEqual([]);
  });
});
