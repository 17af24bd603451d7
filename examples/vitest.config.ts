import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { reporting } from '../vitest.shared.ts';

// In-process code (the sample-migration tests) runs the packages from source through these
// aliases; the app-startup tests spawn `node app-startup/main.mjs`, which uses the built
// packages (turbo builds them before `test`).
const src = (pkg: string) => fileURLToPath(new URL(`../packages/${pkg}/src/index.ts`, import.meta.url));
// The guide's test runs the `godwit` CLI in-process from source (apps/cli/src/index.ts `main`),
// so it needs no build and follows the CLI as it is written.
const cli = fileURLToPath(new URL('../apps/cli/src/index.ts', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@godwit\/cli$/, replacement: cli },
      { find: /^@godwit\/core$/, replacement: src('core') },
      { find: /^@godwit\/driver-sqlite$/, replacement: src('driver-sqlite') },
      { find: /^@godwit\/driver-postgres$/, replacement: src('driver-postgres') },
      { find: /^@godwit\/driver-mongodb$/, replacement: src('driver-mongodb') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // FerretDB (or MONGO_URL) for the mongo-* sample migrations; the same setup the MongoDB
    // driver's tests use, so one harness decides how a MongoDB server is found or started.
    globalSetup: ['../packages/driver-mongodb/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    ...reporting('examples'),
  },
});
