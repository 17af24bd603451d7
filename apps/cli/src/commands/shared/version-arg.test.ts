import { describe, expect, it } from 'vitest';
import { parseVersionArgument } from './version-arg.js';

describe('parseVersionArgument', () => {
  it.each([
    ['0', 0],
    ['3', 3],
    ['000003', 3],
    ['20250101120000', 20250101120000],
    ['9007199254740991', 9007199254740991],
  ])('%s -> %d', (text, version) => {
    expect(parseVersionArgument(text, 'up-to')).toBe(version);
  });

  it.each(['', 'abc', '-1', '1.5', '1e3', '0x10', '9007199254740992', '99999999999999999999999'])('refuses %j as bad usage', (text) => {
    expect(() => parseVersionArgument(text, 'up-to')).toThrowError(expect.objectContaining({ code: 'USAGE', hint: expect.any(String) }));
  });
});
