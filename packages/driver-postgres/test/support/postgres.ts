/**
 * The PostgreSQL test database helper lives in @godwit/test-kit; this re-export remains for
 * conformance.test.ts, which imports it from here.
 */
export { createTestDatabase, describePostgres, type TestDatabase } from '@godwit/test-kit/postgres';
