import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDotEnv, withDotEnv } from './dotenv.js';

describe('.env', () => {
  it('reads KEY=value, export, quotes and comments', () => {
    const text = '# a comment\nA=1\nexport B = two\nC="x # not a comment"\nD=\'single\'\nE=plain # trailing\n\nnot a line\n';
    expect(parseDotEnv(text)).toEqual({ A: '1', B: 'two', C: 'x # not a comment', D: 'single', E: 'plain' });
  });

  it('never overrides a variable already set; no file, no change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'godwit-dotenv-'));
    try {
      expect(withDotEnv(dir, { A: 'kept' })).toEqual({ A: 'kept' });
      writeFileSync(join(dir, '.env'), 'A=from-file\nB=from-file\n');
      expect(withDotEnv(dir, { A: 'kept' })).toEqual({ A: 'kept', B: 'from-file' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
