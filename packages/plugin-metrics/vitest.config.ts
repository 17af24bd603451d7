import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { reporting } from '../../vitest.shared.ts';

// Tests run from source: workspace packages resolve to their src/ through these aliases.
const core = fileURLToPath(new URL('../core/src', import.meta.url));
const sqlite = fileURLToPath(new URL('../driver-sqlite/src', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@godwit\/core\/testing$/, replacement: `${core}/testing/index.ts` },
      { find: /^@godwit\/core$/, replacement: `${core}/index.ts` },
      { find: /^@godwit\/driver-sqlite$/, replacement: `${sqlite}/index.ts` },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    ...reporting('plugin-metrics'),
  },
});
