import { describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['0s', 0],
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1_500],
    ['.5s', 500],
    ['1.5h', 5_400_000],
    ['0.1ms', 1],
    [' 30S ', 30_000],
    ['24h', 86_400_000],
  ])('%s -> %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', '1.5', '-1s', '1d', '5 m', 's', '1s 2s', 'ms', 'abc', '1e3ms', '0x10s', '1m30'])(
    'refuses %j, naming the flag and giving an example',
    (text) => {
      let error: unknown;
      try {
        parseDuration(text, '--lock-timeout');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GodwitError);
      const e = error as GodwitError;
      expect(e.code).toBe('USAGE');
      expect(e.message).toBe(`--lock-timeout: "${text}" is not a duration`);
      expect(e.hint).toContain('--lock-timeout 30s');
    },
  );

  it('uses --timeout in the example when no flag is given', () => {
    expect(() => parseDuration('30')).toThrowError(expect.objectContaining({ code: 'USAGE', hint: expect.stringContaining('--timeout 30s') }));
  });

  it('refuses durations longer than timers can wait', () => {
    expect(parseDuration('596h')).toBe(596 * 3_600_000);
    expect(() => parseDuration('597h', '--timeout')).toThrowError(/too long/);
  });
});
