export { createSqliteDriver } from './driver.js';
export type { SqliteDriverOptions } from './options.js';
