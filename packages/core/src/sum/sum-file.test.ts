import { describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import { compareSum, computeSum, formatSum, parseSum } from './sum-file.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('sum file', () => {
  const sum = computeSum([
    { name: '000002_b.sql', bytes: bytes('select 2;\n') },
    { name: '000001_a.sql', bytes: bytes('select 1;\n') },
  ]);

  it('lists files by name, with a first line that hashes the list', () => {
    const text = formatSum(sum);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(lines[1]).toMatch(/^000001_a\.sql sha256:[0-9a-f]{64}$/);
    expect(lines[2]).toMatch(/^000002_b\.sql sha256:/);
  });

  it('parses what it writes, CRLF included', () => {
    expect(parseSum(formatSum(sum), 'godwit.sum')).toEqual(sum);
    expect(parseSum(formatSum(sum).replace(/\n/g, '\r\n'), 'godwit.sum')).toEqual(sum);
  });

  it('hashes files with normalised line endings, like migration checksums', () => {
    const crlf = computeSum([{ name: '1_a.sql', bytes: bytes('select 1;\r\n') }]);
    const lf = computeSum([{ name: '1_a.sql', bytes: bytes('select 1;\n') }]);
    expect(crlf).toEqual(lf);
  });

  it('refuses a list that does not match its first line (a merge that kept both sides)', () => {
    const other = computeSum([{ name: '000003_c.sql', bytes: bytes('select 3;\n') }]);
    const merged = `${formatSum(sum)}${formatSum(other).split('\n')[1]}\n`;
    const e = catchError(() => parseSum(merged, 'm/godwit.sum'));
    expect(e.toString()).toBe('m/godwit.sum:1: godwit.sum: the first line does not match the list (edited by hand, or a merge kept both sides)');
    expect(e.hint).toContain('godwit hash');
  });

  it('refuses a malformed line with its number', () => {
    const e = catchError(() => parseSum(`${formatSum(sum)}junk\n`, 'godwit.sum'));
    expect(e.line).toBe(4);
    expect(catchError(() => parseSum('hello\n', 'godwit.sum')).line).toBe(1);
  });

  it('names the first file that differs', () => {
    const changed = computeSum([
      { name: '000001_a.sql', bytes: bytes('select 1;\n') },
      { name: '000002_b.sql', bytes: bytes('select 22;\n') },
    ]);
    expect(compareSum(sum, sum)).toBeUndefined();
    expect(compareSum(sum, changed)).toEqual({ file: '000002_b.sql', change: 'changed' });
    const added = computeSum([...sum.entries.map((e) => ({ name: e.file, bytes: bytes('') })), { name: '000000_z.sql', bytes: bytes('') }]);
    expect(compareSum(sum, added)?.file).toBe('000000_z.sql');
    const removed = computeSum([{ name: '000001_a.sql', bytes: bytes('select 1;\n') }]);
    expect(compareSum(sum, removed)).toEqual({ file: '000002_b.sql', change: 'removed' });
  });
});

function catchError(fn: () => unknown): GodwitError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GodwitError) return e;
    throw e;
  }
  throw new Error('expected an error');
}
