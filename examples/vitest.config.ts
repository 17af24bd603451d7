import { godwitVitestConfig } from '../packages/test-kit/src/vitest-config.ts';

// In-process code (the sample-migration tests, and the guide's test, which runs the `godwit` CLI
// in-process from apps/cli/src) runs the packages from source through the test kit's aliases; the
// app-startup tests spawn `node app-startup/main.mjs`, which uses the built packages (turbo builds
// them before `test`). FerretDB (or MONGO_URL) serves the mongo-* sample migrations.
export default godwitVitestConfig({ name: 'examples', include: ['test/**/*.test.ts'], mongodb: true });
