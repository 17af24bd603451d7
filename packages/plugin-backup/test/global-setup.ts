/**
 * The MongoDB-protocol server for these tests: the same harness as the MongoDB driver's (MONGO_URL,
 * else FerretDB started on a free port; skipped without one, a failure under CI=true).
 */
export { default } from '../../driver-mongodb/test/global-setup.ts';
