import { describe, expect, it } from 'vitest';
import { replyFailure } from './reply-check.js';

describe('replyFailure', () => {
  it('accepts a plain ok reply', () => {
    expect(replyFailure({ ok: 1, n: 2 })).toBeUndefined();
    expect(replyFailure({ ok: 1, n: 0, writeErrors: [] })).toBeUndefined();
  });

  it('reports ok: 0 with the server message', () => {
    expect(replyFailure({ ok: 0, errmsg: "no such command: 'frobnicate'" })).toBe("no such command: 'frobnicate'");
  });

  it('reports writeErrors in an ok: 1 reply, naming the document and counting the rest', () => {
    const reply = {
      ok: 1,
      n: 1,
      writeErrors: [
        { index: 1, code: 11000, errmsg: 'E11000 duplicate key error collection: app.users index: _id_ dup key: { _id: 1 }' },
        { index: 2, code: 11000, errmsg: 'E11000 again' },
      ],
    };
    expect(replyFailure(reply)).toBe(
      'E11000 duplicate key error collection: app.users index: _id_ dup key: { _id: 1 } (at document 1; 1 more write error(s))',
    );
  });

  it('reports a writeConcernError', () => {
    expect(replyFailure({ ok: 1, n: 1, writeConcernError: { code: 100, errmsg: 'Not enough data-bearing nodes' } })).toBe(
      'write concern not satisfied: Not enough data-bearing nodes',
    );
  });
});
