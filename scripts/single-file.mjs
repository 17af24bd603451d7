/**
 * The CLI as one file (`dist/godwit.mjs`) for Docker images: commander, pino, zod, yaml, bson,
 * prom-client and every @godwit package are bundled in, so an image needs that file, Node and
 * the database clients only. The clients stay outside (SINGLE_FILE_EXTERNAL): better-sqlite3
 * and libpg-query carry native or WebAssembly code that cannot be inlined, and pg and mongodb
 * are large and loaded only for their database. Beside the bundle, `dist/godwit.package.json`
 * lists them at the versions the drivers were built with: `npm install` in a folder holding it
 * as package.json gives the bundle exactly what it imports.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO = fileURLToPath(new URL('../', import.meta.url));

/** Imported by the bundle at run time, never inlined. `pg-native` is pg's optional native binding. */
export const SINGLE_FILE_EXTERNAL = ['better-sqlite3', 'pg', 'pg-native', 'libpg-query', 'mongodb'];

/** Every workspace package.json, by package name. */
function workspacePackages() {
  const out = new Map();
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(REPO, group))) {
      try {
        const pkg = JSON.parse(readFileSync(join(REPO, group, name, 'package.json'), 'utf8'));
        out.set(pkg.name, pkg);
      } catch {
        // not a package folder
      }
    }
  }
  return out;
}

/**
 * The bundled code finds versions by walking up to its package.json (core's packageVersion);
 * a lone godwit.mjs has none around it, so each `packageVersion('<name>', import.meta.url)` is
 * replaced by the version it would have found. `createRequire(import.meta.url)` (the logger's
 * lazy pino) is dropped so esbuild sees its `require` calls and bundles pino too.
 */
function singleFilePlugin(packages) {
  return {
    name: 'godwit-single-file',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, async (args) => {
        if (args.path.includes(`${join('node_modules', '.pnpm')}`) && !args.path.includes('@godwit')) return undefined;
        let text = await readFile(args.path, 'utf8');
        const before = text;
        text = text.replace(/packageVersion\((['"])(@godwit\/[a-z0-9-]+)\1,\s*import\.meta\.url\)/g, (_, _q, name) => {
          const version = packages.get(name)?.version;
          if (!version) throw new Error(`${args.path}: no workspace package ${name} for its version`);
          return JSON.stringify(version);
        });
        // tsc's output keeps `const require = ...`; a package's own esbuild bundle renames it
        // (`var require2 = ...`): either way its calls become plain require calls esbuild follows.
        for (const [, decl, name] of text.matchAll(/((?:const|let|var) (require\d*) = createRequire\(import\.meta\.url\);)/g)) {
          text = text.replace(decl, '');
          if (name !== 'require') text = text.replace(new RegExp(`\\b${name}\\(`, 'g'), 'require(');
        }
        if (text.includes('createRequire(import.meta.url)')) {
          throw new Error(`${args.path}: createRequire(import.meta.url) in a form the single-file build does not know; it would load modules from beside godwit.mjs`);
        }
        return text === before ? undefined : { contents: text, loader: 'js' };
      });
    },
  };
}

/**
 * The clients stay out of the bundle and are loaded only when their driver is: esbuild would hoist
 * a static `import ... from 'mongodb'` to the top of the one file (so every run, SQLite's too,
 * would load every client), so a static import becomes a bundled one-line CommonJS module that
 * requires the client when its driver's code first runs. Dynamic imports stay dynamic.
 */
function lazyExternalsPlugin() {
  const filter = new RegExp(`^(${SINGLE_FILE_EXTERNAL.map((n) => n.replace(/[-/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'godwit-lazy-externals',
    setup(b) {
      b.onResolve({ filter }, (args) =>
        args.kind === 'import-statement' ? { path: args.path, namespace: 'godwit-lazy-external' } : { path: args.path, external: true },
      );
      b.onLoad({ filter: /.*/, namespace: 'godwit-lazy-external' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
        resolveDir: REPO,
      }));
    },
  };
}

export async function bundleSingleFile(entry, outfile) {
  if (!entry || !outfile) {
    console.error('bundle: --single-file needs the entry and the output file, e.g. --single-file build/bin.js dist/godwit.mjs');
    process.exit(2);
  }
  const packages = workspacePackages();
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Bundled CommonJS modules (pino, yaml's deps) require Node's own modules: give them a require.
    banner: { js: "import { createRequire as __godwitCreateRequire } from 'node:module';\nconst require = __godwitCreateRequire(import.meta.url);" },
    plugins: [lazyExternalsPlugin(), singleFilePlugin(packages)],
    legalComments: 'none',
    logLevel: 'warning',
  });
  writeFileSync(join(dirname(outfile), `${basename(outfile, '.mjs')}.package.json`), `${JSON.stringify(runtimeManifest(packages), null, 2)}\n`);
}

/** package.json for a folder that runs the bundle: the external clients, pinned as the drivers pin them. */
function runtimeManifest(packages) {
  const dependencies = {};
  for (const name of SINGLE_FILE_EXTERNAL) {
    for (const pkg of packages.values()) {
      const spec = pkg.dependencies?.[name];
      if (spec && !pkg.private) dependencies[name] = spec;
    }
  }
  const cli = packages.get('@godwit/cli');
  return {
    name: 'godwit-single-file',
    version: cli.version,
    private: true,
    description: 'Runs godwit.mjs (the single-file build of @godwit/cli): the database clients it imports. npm install, then node godwit.mjs',
    type: 'module',
    engines: cli.engines,
    dependencies,
  };
}
