export { createMemoryDatabase, createMemoryDriver } from './memory-driver.js';
export { runDriverConformance } from './conformance.js';
