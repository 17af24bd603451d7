import { describe, expect, it } from 'vitest';
import { interpolate } from './interpolate.js';
import { checkConfig } from './schema.js';

describe('checkConfig', () => {
  it('accepts the documented keys', () => {
    const config = {
      $schema: './schema.json',
      database: 'sqlite:./dev.db',
      driver: 'sqlite',
      dir: 'migrations',
      table: 'versions',
      environments: { prod: { database: '${PROD_URL}', protected: true }, dev: {} },
    };
    expect(checkConfig(config, 'c.json')).toEqual({
      database: 'sqlite:./dev.db',
      driver: 'sqlite',
      dir: 'migrations',
      table: 'versions',
      environments: { prod: { database: '${PROD_URL}', protected: true }, dev: {} },
    });
  });

  it('accepts databases, per-environment overrides and plugins', () => {
    const config = {
      databases: { 'postgres-product': { url: '${PRODUCT_URL}', table: 't', seedDir: 'seeds' }, extra: { driver: 'sqlite', url: 'sqlite:x.db', dir: 'd' } },
      environments: { prod: { protected: true, backup: true, databases: { 'postgres-product': { url: '${PROD_PRODUCT_URL}' } } } },
      plugins: ['@godwit/plugin-metrics', { name: '@godwit/plugin-backup', options: { dir: 'backups' } }],
    };
    expect(checkConfig(config, 'c.json')).toEqual(config);
  });

  it.each([
    [{ url: 'x' }, 'unknown key "url"'],
    [{ databases: { a: { url: 1 } } }, '"databases.a.url" must be a string, not number 1'],
    [{ databases: { a: { folder: 'x' } } }, 'unknown key "databases.a.folder"'],
    [{ environments: { prod: { databases: { a: { protected: true } } } } }, 'unknown key "environments.prod.databases.a.protected"'],
    [{ plugins: 'x' }, '"plugins" must be a list, not string "x"'],
    [{ table: null }, '"table" must be a string, not null'],
    [{ environments: [] }, '"environments" must be a JSON object, not an array'],
    [{ environments: { a: 'x' } }, '"environments.a" must be a JSON object, not string "x"'],
    [{ environments: { a: { protected: 1 } } }, '"environments.a.protected" must be true or false, not number 1'],
    ['text', 'the config must be a JSON object, not string "text"'],
  ])('refuses %j: %s', (value, message) => {
    expect(() => checkConfig(value, 'c.json')).toThrowError(expect.objectContaining({ code: 'CONFIG', message, file: 'c.json' }));
  });
});

describe('interpolate', () => {
  it('replaces every ${VAR} and leaves other dollars alone', () => {
    expect(interpolate('postgres://${U}:${P}@h/$db', 'database', 'c.json', { U: 'app', P: 'pw' })).toBe('postgres://app:pw@h/$db');
  });

  it('names an unset variable, the key and the file', () => {
    expect(() => interpolate('${NOPE}', 'environments.prod.database', 'c.json', {})).toThrowError(
      expect.objectContaining({ code: 'CONFIG', message: 'environment variable NOPE is not set (used by "environments.prod.database")', file: 'c.json' }),
    );
  });
});
