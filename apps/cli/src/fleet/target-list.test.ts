import { describe, expect, it } from 'vitest';
import { parseTargetList } from './target-list.js';

describe('parseTargetList', () => {
  it('reads one URL per line, skipping comments and blank lines, with optional ids', () => {
    const text = '# tenants\n\nsqlite:./t1.db\n  tenant-2 sqlite:./t2.db   # the second\r\npostgres://app:${PW}@db/t3\n';
    expect(parseTargetList(text, 'targets.txt', { PW: 's3cret' })).toEqual([
      { id: 'sqlite:./t1.db', url: 'sqlite:./t1.db', where: 'targets.txt:3' },
      { id: 'tenant-2', url: 'sqlite:./t2.db', where: 'targets.txt:4' },
      // the id is the redacted URL: safe to print, stable across password rotations
      { id: 'postgres://app:****@db/t3', url: 'postgres://app:s3cret@db/t3', where: 'targets.txt:5' },
    ]);
  });

  it('names the file and line of an unset variable', () => {
    expect(() => parseTargetList('sqlite:a.db\npostgres://app:${NOPE}@db/x\n', 'fleet.txt', {})).toThrow(
      expect.objectContaining({ code: 'CONFIG', file: 'fleet.txt', line: 2, message: 'environment variable NOPE is not set' }),
    );
  });

  it('refuses a target listed twice, naming both lines', () => {
    expect(() => parseTargetList('sqlite:a.db\nsqlite:b.db\nsqlite:a.db\n', 'f', {})).toThrow('target sqlite:a.db is listed twice (lines 1 and 3)');
  });

  it('refuses a line with more than an id and a URL', () => {
    expect(() => parseTargetList('a b c\n', 'f', {})).toThrow(expect.objectContaining({ line: 1, message: 'expected "URL" or "ID URL", found 3 words' }));
  });

  it('an empty file is an empty fleet', () => {
    expect(parseTargetList('# nothing yet\n', 'f', {})).toEqual([]);
  });
});
