import { godwitVitestConfig } from '../../packages/test-kit/src/vitest-config.ts';

// The test/ files run the BUILT binary (turbo builds it first); FerretDB (or MONGO_URL) and
// PostgreSQL serve the multi-database and per-driver CLI tests.
export default godwitVitestConfig({ name: 'cli', mongodb: true });
