import { godwitVitestConfig } from '../test-kit/src/vitest-config.ts';

// FerretDB (or MONGO_URL) for the MongoDB backups; PostgreSQL at $PG_URL or the local server.
export default godwitVitestConfig({ name: 'plugin-backup', mongodb: true });
