import { runDriverConformance } from '@godwit/core/testing';
import { createPostgresDriver } from '../src/index.js';
import { createTestDatabase, describePostgres } from './support/postgres.js';

describePostgres('postgres driver', () => {
  runDriverConformance({
    name: 'postgres',
    kind: 'sql',
    concurrency: 4,
    async setup() {
      const db = await createTestDatabase('conf');
      return {
        createDriver: () => createPostgresDriver({ url: db.url }),
        objectExists: (name) => db.tableExists(name),
        cleanup: () => db.drop(),
      };
    },
  });
});
