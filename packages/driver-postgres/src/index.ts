export { createPostgresDriver } from './driver.js';
export type { PostgresDriverOptions } from './options.js';
export { splitPostgres, atomicStatement, loadParser } from './sql/split.js';
export type { PostgresStatement, SplitOptions, StatementNode } from './sql/split.js';
export { outsideTransactionOnly } from './sql/classify.js';
export { prepareStep as preparePostgresStep } from './prepare.js';
export type { PrepareOptions as PostgresPrepareOptions } from './prepare.js';
export { listSchemas, queryFirstColumn } from './connection/control-query.js';
