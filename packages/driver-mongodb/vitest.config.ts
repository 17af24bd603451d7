import { godwitVitestConfig } from '../test-kit/src/vitest-config.ts';

// Builds (once) and starts FerretDB unless MONGO_URL names a server.
export default godwitVitestConfig({ name: 'driver-mongodb', mongodb: true });
