import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checksumOf } from './checksum.js';

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
