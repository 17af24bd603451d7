/**
 * The MongoDB test database helper lives in @godwit/test-kit; this re-export remains for
 * conformance.test.ts, which imports it from here.
 */
export { freshDatabase, hasServer } from '@godwit/test-kit/mongodb';
