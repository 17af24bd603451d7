import { describe, expect, it } from 'vitest';
import { parseWaves, waveSizes } from './waves.js';

describe('waves', () => {
  it.each([
    ['1,10%,100%', 1000, [1, 99, 900]],
    ['1,10%,100%', 5, [1, 4]],
    ['1,10%', 50, [1, 4, 45]],
    ['2,2,50%', 10, [2, 3, 5]],
    ['100%', 7, [7]],
    ['5', 3, [3]],
    ['1,100%', 0, []],
  ])('%s of %i targets -> %j', (text, total, sizes) => {
    expect(waveSizes(total, parseWaves(text))).toEqual(sizes);
  });

  it('refuses what is not a count or a percentage', () => {
    expect(() => parseWaves('1,ten%')).toThrow('--waves 1,ten%: "ten%" is neither a count (1 or more) nor a percentage');
    expect(() => parseWaves('0')).toThrow('"0" is neither');
    expect(() => parseWaves('150%')).toThrow('150% is not between 0% and 100%');
  });
});
