import { describe, expect, it } from 'vitest';
import { storeNames } from './names.js';

describe('storeNames', () => {
  it('derives the history and lock collections from the table name', () => {
    expect(storeNames('godwit_migrations')).toEqual({
      versions: 'godwit_migrations',
      history: 'godwit_migrations_history',
      lock: 'godwit_migrations_lock',
    });
  });

  it.each(['', '  ', 'a$b', 'system.users', '.x', 'x.'])('refuses %j', (name) => {
    expect(() => storeNames(name)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
