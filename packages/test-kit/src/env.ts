/** Settings from the environment (no vitest here: the global setup reads them too). */

/** Under CI=true a server the tests need and cannot have is a failure, never a skip. */
export const isCI = process.env.CI === 'true';
