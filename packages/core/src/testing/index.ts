export { createMemoryDatabase, createMemoryDriver } from './memory-driver.js';
export type { MemoryDatabase } from './memory-driver.js';
export { runDriverConformance, runLockConformance } from './conformance.js';
export type { ConformanceOptions, ConformanceTarget } from './conformance.js';
