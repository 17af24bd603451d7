import { runDriverConformance } from '@godwit/core/testing';
import { createPostgresDriver } from '../src/index.js';
import { lockKey } from '../src/lock/lock-key.js';
import { createTestDatabase, describePostgres, type TestDatabase } from './support/postgres.js';

/** The store's advisory lock, as pg_locks shows it in the test's database. */
const key = lockKey('public', 'godwit_migrations');
const HOLDER = `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
  AND classid = ${key.classid}::oid AND objid = ${key.objid}::oid
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

describePostgres('postgres driver', () => {
  let db: TestDatabase;
  runDriverConformance({
    name: 'postgres',
    kind: 'sql',
    concurrency: 4,
    async setup() {
      db = await createTestDatabase('conf');
      const current = db;
      return {
        createDriver: () => createPostgresDriver({ url: current.url }),
        objectExists: (name) => current.tableExists(name),
        cleanup: () => current.drop(),
      };
    },
    // A crashed runner: the server ends its lock session (as when its process dies), from another.
    async abandonLock() {
      const [holder] = await db.query<{ pid: number }>(HOLDER);
      if (!holder) throw new Error('abandonLock: nobody holds the migration lock');
      await db.query('SELECT pg_terminate_backend($1)', [holder.pid]);
    },
  });
});
