import { describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import { parseFileName } from './file-name.js';

describe('parseFileName: migrations', () => {
  const cases: Array<[string, { version: number; name: string; format: string; role: string }]> = [
    ['000001_create_users.sql', { version: 1, name: 'create_users', format: 'goose', role: 'single' }],
    ['1_x.sql', { version: 1, name: 'x', format: 'goose', role: 'single' }],
    ['124_x.up.sql', { version: 124, name: 'x', format: 'pair', role: 'up' }],
    ['000002_create_posts.down.sql', { version: 2, name: 'create_posts', format: 'pair', role: 'down' }],
    ['3_seed.up.json', { version: 3, name: 'seed', format: 'json', role: 'up' }],
    ['3_seed.down.json', { version: 3, name: 'seed', format: 'json', role: 'down' }],
    ['4_legacy.up.js', { version: 4, name: 'legacy', format: 'json', role: 'up' }],
    ['4_legacy.down.js', { version: 4, name: 'legacy', format: 'json', role: 'down' }],
    ['1700000000_unix.sql', { version: 1700000000, name: 'unix', format: 'goose', role: 'single' }],
    ['20250101120000_ts.up.sql', { version: 20250101120000, name: 'ts', format: 'pair', role: 'up' }],
    ['00005_code.go', { version: 5, name: 'code', format: 'unsupported', role: 'single' }],
    ['1_x.up.go', { version: 1, name: 'x', format: 'unsupported', role: 'up' }],
    ['1_x.down.go', { version: 1, name: 'x', format: 'unsupported', role: 'down' }],
    ['9007199254740991_max.sql', { version: Number.MAX_SAFE_INTEGER, name: 'max', format: 'goose', role: 'single' }],
    ['6_name.with.dots.sql', { version: 6, name: 'name.with.dots', format: 'goose', role: 'single' }],
    ['7_ünïcödé.sql', { version: 7, name: 'ünïcödé', format: 'goose', role: 'single' }],
  ];
  it.each(cases)('%s', (file, expected) => {
    expect(parseFileName(file)).toMatchObject({ ...expected, fileName: file });
  });
});

describe('parseFileName: ignored files', () => {
  it.each(['README.md', '.gitkeep', '.hidden.sql', 'config.json', 'package.js', 'helpers.go', 'helpers.up.go', '00001_x_test.go', 'schema', 'seed', 'notes.txt'])(
    '%s is not a migration',
    (file) => {
      expect(parseFileName(file)).toBeUndefined();
    },
  );
});

describe('parseFileName: bad names', () => {
  const cases: Array<[string, string, RegExp, RegExp?]> = [
    ['create_users.sql', 'INVALID_VERSION', /create_users\.sql has no version/, /000001_create_users\.sql/],
    ['create_users.up.sql', 'INVALID_VERSION', /has no version/, /000001_create_users\.up\.sql/],
    ['create_users.down.json', 'INVALID_VERSION', /has no version/],
    ['x.up.js', 'INVALID_VERSION', /has no version/],
    ['0_zero.sql', 'INVALID_VERSION', /version 0 is not allowed/],
    ['000000_zero.up.sql', 'INVALID_VERSION', /version 0 is not allowed/],
    ['9007199254740992_big.sql', 'INVALID_VERSION', /version 9007199254740992 is above the largest allowed version 9007199254740991/],
    ['99999999999999999999999_huge.up.sql', 'INVALID_VERSION', /version 99999999999999999999999 is above/],
    ['1x_bad.sql', 'INVALID_VERSION', /version 1 must be followed by `_`/, /1_x_bad\.sql/],
    ['1_x.json', 'PARSE_ERROR', /has a version but no \.up or \.down/, /1_x\.up\.json/],
    ['2_y.js', 'PARSE_ERROR', /no \.up or \.down before \.js/, /2_y\.up\.js/],
  ];
  it.each(cases)('%s -> %s', (file, code, message, hint) => {
    const result = parseFileName(file, `migrations/db/${file}`);
    expect(result).toBeInstanceOf(GodwitError);
    const e = result as GodwitError;
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.file).toBe(`migrations/db/${file}`);
    if (hint) expect(e.hint).toMatch(hint);
  });

  it('a version past 2^53-1 is not rounded into range', () => {
    // Number('9007199254740993') === 9007199254740992: only BigInt sees it is too big.
    expect(parseFileName('9007199254740993_x.sql')).toBeInstanceOf(GodwitError);
  });
});
