import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { GodwitError } from '@godwit/core';
import { checkLimits } from './limits.js';

describe('checkLimits', () => {
  it('accepts no limits, a zero statement timeout (none) and a lock timeout', () => {
    expect(() => checkLimits({})).not.toThrow();
    expect(() => checkLimits({ statementTimeoutMs: 0 })).not.toThrow();
    expect(() => checkLimits({ lockTimeoutMs: 60_000 })).not.toThrow();
    expect(() => checkLimits({ statementTimeoutMs: undefined, lockTimeoutMs: undefined })).not.toThrow();
  });

  it('refuses a statement timeout it cannot enforce, in one line, as bad usage', () => {
    let error: GodwitError | undefined;
    try {
      checkLimits({ statementTimeoutMs: 2000, lockTimeoutMs: 60_000 });
    } catch (e) {
      error = e as GodwitError;
    }
    expect(error?.code).toBe('USAGE');
    expect(error?.message).toMatch(/^--statement-timeout is not supported on SQLite: /);
    expect(error?.message).not.toContain('\n');
    expect(error?.hint).toContain('--timeout is checked between statements');
    expect(error?.data).toEqual({ option: 'statementTimeoutMs', value: 2000 });
  });

  // When one of these fails, better-sqlite3 has gained a way to stop a statement: enforce the limit.
  it('is needed: better-sqlite3 has no interrupt and no progress handler, and `timeout` is the busy timeout', () => {
    const db = new Database(':memory:', { timeout: 1234 });
    try {
      const api = db as unknown as Record<string, unknown>;
      for (const name of ['interrupt', 'progressHandler', 'setProgressHandler', 'progress']) expect(api[name]).toBeUndefined();
      expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    } finally {
      db.close();
    }
  });
});
