import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { reporting } from '../../vitest.shared.ts';

// Tests run from source: workspace packages resolve to their src/ through these aliases.
const core = fileURLToPath(new URL('../core/src', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@godwit\/core\/testing$/, replacement: `${core}/testing/index.ts` },
      { find: /^@godwit\/core$/, replacement: `${core}/index.ts` },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Starts FerretDB (or uses MONGO_URL) for the MongoDB tests; see test/global-setup.ts.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    ...reporting('plugin-backup'),
  },
});
