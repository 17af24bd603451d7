import { describe, expect, it } from 'vitest';
import { toHistoryRecord } from './documents.js';

describe('toHistoryRecord', () => {
  it('reads the note, and reads a document written before notes existed as having none', () => {
    expect(toHistoryRecord({ id: 1, note: 'backup: /b/app.ndjson' }).note).toBe('backup: /b/app.ndjson');
    expect(toHistoryRecord({ id: 2, note: null }).note).toBeNull();
    expect(toHistoryRecord({ id: 3 }).note).toBeNull();
  });
});
