import type { PreparedStatement } from '@godwit/core';
import { MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.js';
import { CommandReplyError } from './reply-check.js';

const ctx = { target: 'mongodb://app:****@h/shop', secrets: ['s3cret'], serverSelectionTimeoutMs: 5_000 };
const insert: PreparedStatement = { text: '{}', file: 'f.up.json', line: 3, column: 3, payload: { command: { insert: 'users' }, index: 1, line: 3, column: 3 } };

describe('describeError', () => {
  it('names the command, masks passwords, and keeps the server code of the first write error', () => {
    const reply = { ok: 1, writeErrors: [{ index: 0, code: 11000, errmsg: 'E11000 duplicate key' }] };
    expect(describeError(new CommandReplyError('E11000 duplicate key (at s3cret)', reply), insert, ctx)).toEqual({
      message: 'command #1 (insert) failed: E11000 duplicate key (at ****)',
      data: { code: 11000 },
    });
  });

  it('words a store error as the server said it, with its code name', () => {
    const e = new MongoServerError({ message: 'not authorized on shop', code: 13, codeName: 'Unauthorized' });
    expect(describeError(e, undefined, ctx)).toEqual({ message: 'not authorized on shop', data: { code: 13, codeName: 'Unauthorized' } });
  });

  it('says the session was lost when the connection died', () => {
    expect(describeError(new MongoNetworkError('connection 4 to h:27017 closed'), insert, ctx)).toEqual({
      message: 'command #1 (insert) failed: connection 4 to h:27017 closed',
      sessionLost: true,
    });
  });

  it('advises on a command stopped by --statement-timeout', () => {
    const e = new MongoServerError({ message: 'operation exceeded time limit', code: 50, codeName: 'MaxTimeMSExpired' });
    expect(describeError(e, insert, ctx).advice).toMatch(/--statement-timeout/);
  });
});
