import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checksumOf, checksumOfBytes, checksumOfLineRange, checksumOfLines } from './checksum.js';
import { byteLines, stripBomBytes } from './text.js';

describe('checksumOf', () => {
  it('is the SHA-256 hex of the text', () => {
    expect(checksumOf('SELECT 1;\n')).toBe(createHash('sha256').update('SELECT 1;\n').digest('hex'));
  });

  it('ignores line endings and a BOM', () => {
    const lf = checksumOf('a;\nb;\n');
    expect(checksumOf('a;\r\nb;\r\n')).toBe(lf);
    expect(checksumOf('a;\rb;\r')).toBe(lf);
    expect(checksumOf('\uFEFFa;\nb;\n')).toBe(lf);
  });

  it('changes with the content, including non-ASCII text', () => {
    expect(checksumOf("INSERT INTO t VALUES ('café');")).not.toBe(checksumOf("INSERT INTO t VALUES ('cafe');"));
    expect(checksumOf('a')).not.toBe(checksumOf('a '));
  });
});

describe('checksumOfBytes / checksumOfLines', () => {
  const bytes = (s: string) => Buffer.from(s, 'utf8');

  it('hash the raw bytes with the BOM dropped and line endings normalised', () => {
    const lf = createHash('sha256').update('a;\nb;\n').digest('hex');
    expect(checksumOfBytes(bytes('a;\nb;\n'))).toBe(lf);
    expect(checksumOfBytes(bytes('\uFEFFa;\r\nb;\r'))).toBe(lf);
    expect(checksumOfBytes(bytes('a;\r\n\nb;\n'))).not.toBe(lf);
  });

  it('see every byte: two byte strings that differ have different checksums', () => {
    expect(checksumOfBytes(new Uint8Array([0x41, 0xe9]))).not.toBe(checksumOfBytes(new Uint8Array([0x41, 0xe8])));
  });

  it('checksumOfLineRange hashes the same lines as checksumOfLines over a slice, without listing them', () => {
    const b = new TextEncoder().encode('a\r\nb\rc\n\nd\ne');
    for (const [from, to] of [[0, 6], [1, 4], [2, 2], [5, 6], [0, 0]] as const) {
      expect(checksumOfLineRange(b, from, to)).toBe(checksumOfLines(b, byteLines(b).slice(from, to)));
    }
  });

  it('checksumOfLines hashes the chosen lines, each ended by \\n', () => {
    const b = bytes('x\r\ny\rz');
    expect(checksumOfLines(b, byteLines(b).slice(1))).toBe(createHash('sha256').update('y\nz\n').digest('hex'));
    expect(checksumOfLines(b, [])).toBe(createHash('sha256').digest('hex'));
  });

  it('a BOM is dropped only at the start', () => {
    expect(stripBomBytes(bytes('\uFEFFa\uFEFF'))).toEqual(bytes('a\uFEFF'));
    expect(stripBomBytes(bytes('a'))).toEqual(bytes('a'));
  });
});
