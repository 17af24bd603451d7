/**
 * The packages install outside this repository: every publishable package is packed with pnpm
 * (workspace:^ becomes a real range, as on publish), and the packages the CI examples install
 * (examples/ci/github-actions.yml, and the workflow `godwit init` writes) are installed from those
 * tarballs with plain npm into an empty folder; the other tarballs are only offered through
 * `overrides`, so they arrive only if a named package really depends on them. Then `npx godwit`
 * runs there on SQLite, as a user would, and the library imports work.
 *
 * Slow by nature: npm compiles better-sqlite3 from source (about two minutes of CPU; the time is
 * printed). npm itself reads the registry (or its local cache) for third-party dependencies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '@godwit/test-kit/cli';
import { type TempDir, tempDir } from '@godwit/test-kit/temp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './support/npm.js';
import { deadChunks, entryPoints, pack, strayFiles, type Tarball } from './support/pack.js';
import { npmInstalledPackages } from './support/workflow-installs.js';
import { publishablePackages, REPO } from './support/workspace.js';

const INSTALL_BUDGET_MS = 25 * 60_000;

let work: TempDir;
let tarballs: Tarball[];
/** what the CI examples install, each: the folder's only direct dependencies */
let named: string[];
let app: string;
let installMs: number;

const npx = (...args: string[]) => run('npx', ['--no-install', 'godwit', ...args], app);

beforeAll(async () => {
  work = await tempDir('pack');
  await work.write({ 'tarballs/.keep': '', 'app/.keep': '', 'init/.keep': '' });
  tarballs = [];
  for (const pkg of publishablePackages()) tarballs.push(await pack(pkg, work.path('tarballs')));

  // The workflow `godwit init` writes, from the workspace's own CLI.
  const init = await runCli(['init', '--dir', work.path('init')], { cwd: work.dir });
  if (init.code !== 0) throw new Error(`godwit init failed: ${init.stderr}`);
  const workflows = [readFileSync(join(REPO, 'examples/ci/github-actions.yml'), 'utf8'), readFileSync(work.path('init/.github/workflows/godwit.yml'), 'utf8')];
  named = [...new Set(workflows.flatMap(npmInstalledPackages))].sort();

  app = work.path('app');
  const spec = (t: Tarball) => `file:${t.file}`;
  const byName = new Map(tarballs.map((t) => [t.name, t]));
  const unknown = named.filter((n) => !byName.has(n));
  if (unknown.length) throw new Error(`the CI examples install ${unknown.join(', ')}, which this workspace does not publish`);
  await work.write({
    'app/package.json': JSON.stringify({
      name: 'pack-test-app',
      private: true,
      dependencies: Object.fromEntries(named.map((n) => [n, spec(byName.get(n)!)])),
      overrides: Object.fromEntries(tarballs.filter((t) => !named.includes(t.name)).map((t) => [t.name, spec(t)])),
    }),
  });
  const started = Date.now();
  await run('npm', ['install'], app, INSTALL_BUDGET_MS);
  installMs = Date.now() - started;
  console.info(`pack-test: npm install of ${named.join(', ')} (${tarballs.length} tarballs) took ${Math.round(installMs / 1000)} s`);
}, INSTALL_BUDGET_MS + 120_000);

afterAll(async () => {
  await work?.remove();
});

describe('the packed packages', () => {
  it('carry every file their package.json points at, real version ranges and nothing stray', () => {
    expect(tarballs.map((t) => t.name)).toEqual(expect.arrayContaining(['@godwit/cli', '@godwit/core', '@godwit/driver-sqlite']));
    for (const t of tarballs) {
      const missing = entryPoints(t.manifest).filter((p) => !t.files.includes(p));
      expect(missing, `${t.name}: entry points missing from the tarball`).toEqual([]);
      const ranges = { ...t.manifest.dependencies, ...t.manifest.peerDependencies, ...t.manifest.optionalDependencies };
      const workspace = Object.entries(ranges).filter(([, range]) => range.startsWith('workspace:'));
      expect(workspace, `${t.name}: workspace: ranges left in the published package.json`).toEqual([]);
      expect(strayFiles(t.files), `${t.name}: files that should not be published`).toEqual([]);
      expect(deadChunks(t), `${t.name}: bundle chunks nothing imports (a stale build)`).toEqual([]);
      expect(t.files, t.name).toContain('README.md');
    }
    const cli = tarballs.find((t) => t.name === '@godwit/cli')!;
    expect(cli.files).toEqual(expect.arrayContaining(['schema/godwit.config.schema.json', 'dist/godwit.mjs', 'dist/bin.js']));
  });
});

describe('installed with npm from the tarballs, as the CI examples install them', () => {
  it('the CI examples name @godwit/cli, and it brings every package it needs', () => {
    expect(named).toEqual(['@godwit/cli']);
    const cli = tarballs.find((t) => t.name === '@godwit/cli')!;
    for (const dep of Object.keys(cli.manifest.dependencies ?? {}).filter((d) => d.startsWith('@godwit/'))) {
      const installed = JSON.parse(readFileSync(join(app, 'node_modules', dep, 'package.json'), 'utf8')) as { version: string };
      expect(installed.version, dep).toBe(tarballs.find((t) => t.name === dep)!.manifest.version);
    }
    expect(installMs).toBeGreaterThan(0);
  });

  it('npx godwit up and status --json migrate SQLite', async () => {
    await work.write({
      'app/migrations/000001_create_users.sql': '-- +goose Up\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n\n-- +goose Down\nDROP TABLE users;\n',
    });
    const version = await npx('--version');
    expect(version.stdout).toBe(`${tarballs.find((t) => t.name === '@godwit/cli')!.manifest.version}\n`);
    const up = await npx('up', '--database', 'sqlite:./app.db');
    expect(up.stdout).toContain('applied      000001_create_users');
    const status = JSON.parse((await npx('status', '--json', '--database', 'sqlite:./app.db')).stdout);
    expect(status).toMatchObject({ current: 1, dirty: false, migrations: [{ version: 1, name: 'create_users', state: 'applied' }] });
  });

  it('npx godwit init writes a project whose $schema resolves into node_modules, and up runs it', async () => {
    await npx('init', '--dir', 'starter');
    const config = JSON.parse(readFileSync(join(app, 'starter/godwit.config.json'), 'utf8')) as { $schema: string };
    // The starter's node_modules is the app's: the config's relative path, from the app folder.
    const schema = readFileSync(join(app, config.$schema), 'utf8');
    expect(schema).toBe(readFileSync(join(REPO, 'apps/cli/schema/godwit.config.schema.json'), 'utf8'));
    const up = await run('npx', ['--no-install', 'godwit', 'up'], join(app, 'starter'));
    expect(up.stdout).toContain('applied      000001_init');
  });

  it('the library imports as the README shows: @godwit/core with @godwit/driver-sqlite', async () => {
    await work.write({
      'app/library.mjs': [
        "import { createMigrator } from '@godwit/core';",
        "import { createSqliteDriver } from '@godwit/driver-sqlite';",
        "const migrator = createMigrator({ driver: createSqliteDriver({ path: './library.db' }), dir: './migrations' });",
        'const result = await migrator.up();',
        'if (!result.ok) throw result.error;',
        'console.log(JSON.stringify((await migrator.status()).migrations.map((m) => [m.version, m.state])));',
        'await migrator.close();',
      ].join('\n'),
    });
    const library = await run('node', ['library.mjs'], app);
    expect(library.stdout.trim()).toBe('[[1,"applied"]]');
  });
});
