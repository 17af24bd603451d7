/**
 * A fixture made fresh for every test of the enclosing suite and disposed of after it, usable as
 * if it were a plain value: `const db = perTest(() => createTestDatabase('x'), (d) => d.drop())`
 * registers the beforeEach/afterEach pair, and `db.url` inside a test is the current test's.
 */
import { afterEach, beforeEach } from 'vitest';

export function perTest<T extends object>(create: () => Promise<T>, dispose: (value: T) => unknown): T {
  let current: T | undefined;
  beforeEach(async () => {
    current = await create();
  });
  afterEach(async () => {
    const value = current;
    current = undefined;
    if (value) await dispose(value);
  });
  return new Proxy({} as T, {
    get(_, key) {
      // not a promise: `await fixture` and thenable checks must not trip over it
      if (key === 'then' && !current) return undefined;
      if (!current) throw new Error(`a per-test fixture is used outside a test (reading ${String(key)})`);
      const value = Reflect.get(current, key, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
    has: (_, key) => current !== undefined && key in current,
  });
}
