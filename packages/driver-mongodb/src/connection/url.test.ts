import { describe, expect, it } from 'vitest';
import { databaseNameOf } from './url.js';

describe('databaseNameOf', () => {
  it.each([
    ['mongodb://localhost:27017/app', 'app'],
    ['mongodb://localhost/app?replicaSet=rs0', 'app'],
    ['mongodb://a:27017,b:27017,c:27017/orders?w=majority', 'orders'],
    ['mongodb+srv://user:pw@cluster0.example.net/inventory?retryWrites=true', 'inventory'],
    ['mongodb://user:p/a@ss@host/shop', 'shop'],
    ['mongodb://host/caf%C3%A9', 'café'],
  ])('%s -> %s', (url, name) => {
    expect(databaseNameOf(url)).toBe(name);
  });

  it.each(['mongodb://localhost:27017', 'mongodb://localhost:27017/', 'mongodb://h/?w=1', 'mongodb://u:secret@h:1/#x'])(
    'refuses %s, which names no database, without printing a password',
    (url) => {
      let caught: unknown;
      try {
        databaseNameOf(url);
      } catch (e) {
        caught = e;
      }
      expect(caught).toMatchObject({ code: 'USAGE', message: expect.stringMatching(/^the MongoDB URL names no database: mongodb:\/\//) });
      expect((caught as Error).message).not.toContain('secret');
      expect((caught as { hint: string }).hint).toContain('mongodb://host[:port]/<database>');
    },
  );

  it('refuses a URL of another scheme', () => {
    expect(() => databaseNameOf('postgres://u:pw@h/db')).toThrow(/^not a MongoDB URL: postgres:\/\/u:\*\*\*\*@h\/db$/);
  });

  it('refuses a database name MongoDB would reject', () => {
    expect(() => databaseNameOf('mongodb://h/a.b')).toThrow(/not a valid MongoDB database name/);
  });
});
