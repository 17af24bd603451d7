export { createSqliteDriver } from './driver.js';
export type { SqliteDriverOptions } from './options.js';
export { prepareStep as prepareSqliteStep } from './prepare/prepare.js';
