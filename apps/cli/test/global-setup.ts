/**
 * The MongoDB-protocol server for the multi-database tests: the same harness as the MongoDB
 * driver's (MONGO_URL, else FerretDB started on a free port; skipped without one, a failure
 * under CI=true). It provides `mongoUrl` (and `mongoIsReal`) to the tests.
 */
export { default } from '../../../packages/driver-mongodb/test/global-setup.ts';
