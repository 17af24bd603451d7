/**
 * The one vitest config every workspace package uses (`vitest.config.ts`: a call to
 * `godwitVitestConfig`). Tests run from source: every `@godwit/*` package resolves to its src/
 * through the aliases below, so no test waits for a build of the code it tests (the CLI tests,
 * which run the built binary, are the one exception; turbo builds it before them).
 *
 * When scripts/test.sh sets GODWIT_TEST_REPORTS, each package also writes a JSON report there,
 * which scripts/test-summary.mjs sums into the suite's one closing line.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import type { InlineConfig } from 'vitest/node';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** package name -> its source entry, relative to the repository */
const SOURCES: ReadonlyArray<readonly [string, string]> = [
  // the more specific one first: aliases are tried in order
  ['@godwit/core/testing', 'packages/core/src/testing/index.ts'],
  ['@godwit/core', 'packages/core/src/index.ts'],
  ['@godwit/driver-sqlite', 'packages/driver-sqlite/src/index.ts'],
  ['@godwit/driver-postgres', 'packages/driver-postgres/src/index.ts'],
  ['@godwit/driver-mongodb', 'packages/driver-mongodb/src/index.ts'],
  ['@godwit/plugin-backup', 'packages/plugin-backup/src/index.ts'],
  ['@godwit/plugin-metrics', 'packages/plugin-metrics/src/index.ts'],
  ['@godwit/lint', 'packages/lint/src/index.ts'],
  ['@godwit/cli', 'apps/cli/src/index.ts'],
];

/** The MongoDB-protocol server (MONGO_URL, else FerretDB): see mongodb-server.ts. */
export const MONGODB_GLOBAL_SETUP = fileURLToPath(new URL('./mongodb-server.ts', import.meta.url));

export interface GodwitTestOptions {
  /** the name of this package's JSON report (`core`, `driver-postgres`, `cli`, ...) */
  name: string;
  /** test files; default `src/**\/*.test.ts` and `test/**\/*.test.ts` */
  include?: string[];
  /** start (or find, through MONGO_URL) a MongoDB-protocol server for these tests */
  mongodb?: boolean;
}

/** The JSON reporter settings under scripts/test.sh (GODWIT_TEST_REPORTS), else nothing. */
export function reporting(name: string): Pick<InlineConfig, 'reporters' | 'outputFile'> {
  const dir = process.env.GODWIT_TEST_REPORTS;
  if (!dir) return {};
  return { reporters: ['default', 'json'], outputFile: { json: `${dir}/${name}.json` } };
}

/** Aliases from every workspace package to its source entry (those that exist). */
export function sourceAliases(): Array<{ find: RegExp; replacement: string }> {
  return SOURCES.filter(([, file]) => existsSync(REPO + file)).map(([name, file]) => ({
    find: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    replacement: REPO + file,
  }));
}

export function godwitVitestConfig(options: GodwitTestOptions): ViteUserConfig {
  return defineConfig({
    resolve: { alias: sourceAliases() },
    test: {
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      ...(options.mongodb && { globalSetup: [MONGODB_GLOBAL_SETUP] }),
      // Defaults for short tests. Tests that run whole scenarios (several CLI processes, a server
      // that must time out) set their own budget, sized for a loaded CI machine.
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...reporting(options.name),
    },
  });
}
