import { godwitVitestConfig } from '../test-kit/src/vitest-config.ts';

// PostgreSQL: $PG_URL or the local server (see @godwit/test-kit/postgres).
export default godwitVitestConfig({ name: 'driver-postgres' });
