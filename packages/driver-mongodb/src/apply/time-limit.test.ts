import { describe, expect, it } from 'vitest';
import { withTimeLimit } from './time-limit.js';

describe('withTimeLimit', () => {
  it('adds maxTimeMS after the command name, leaving the command first', () => {
    const timed = withTimeLimit({ createIndexes: 'users', indexes: [] }, 1500);
    expect(Object.keys(timed)).toEqual(['createIndexes', 'indexes', 'maxTimeMS']);
    expect(timed.maxTimeMS).toBe(1500);
  });

  it('leaves the command alone without a limit, or when the file sets its own', () => {
    const command = { find: 'users', maxTimeMS: 10 };
    expect(withTimeLimit(command, 1500)).toBe(command);
    expect(withTimeLimit({ ping: 1 }, undefined)).toEqual({ ping: 1 });
    expect(withTimeLimit({ ping: 1 }, 0)).toEqual({ ping: 1 });
  });
});
