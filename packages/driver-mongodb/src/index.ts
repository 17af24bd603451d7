export { createMongoDriver } from './driver.js';
export type { MongoDriverOptions } from './options.js';
export { DEFAULT_LOCK_REFRESH_MS, DEFAULT_LOCK_TTL_MS, DEFAULT_SERVER_SELECTION_TIMEOUT_MS, DEFAULT_TABLE } from './options.js';
