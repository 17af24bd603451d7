import { runDriverConformance } from '@godwit/core/testing';
import { describe, it } from 'vitest';
import { createMongoDriver } from '../src/index.js';
import { freshDatabase, hasServer } from './support/server.js';

if (hasServer) {
  runDriverConformance({
    name: 'mongodb',
    kind: 'json',
    concurrency: 4,
    async setup() {
      const database = await freshDatabase('godwit_conformance');
      return {
        createDriver: () => createMongoDriver({ url: database.url }),
        objectExists: async (name) => (await database.collections()).includes(name),
        cleanup: () => database.drop(),
      };
    },
  });
} else {
  describe.skip('driver conformance: mongodb (no server: set MONGO_URL or install Go for FerretDB)', () => {
    it('skipped', () => {});
  });
}
