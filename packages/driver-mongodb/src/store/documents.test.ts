import { describe, expect, it } from 'vitest';
import { toAppliedRecord, toHistoryRecord } from './documents.js';

describe('toHistoryRecord', () => {
  it('reads the note, and reads a document written before notes existed as having none', () => {
    expect(toHistoryRecord({ id: 1, note: 'backup: /b/app.ndjson' }).note).toBe('backup: /b/app.ndjson');
    expect(toHistoryRecord({ id: 2, note: null }).note).toBeNull();
    expect(toHistoryRecord({ id: 3 }).note).toBeNull();
  });
});

describe('toAppliedRecord', () => {
  it('reads the progress of a dirty record, and none where there is no number', () => {
    expect(toAppliedRecord({ version: 3 as never, dirty: true, statements_done: 2 }).statementsDone).toBe(2);
    expect(toAppliedRecord({ version: 3 as never, dirty: true, statements_done: null })).not.toHaveProperty('statementsDone');
    expect(toAppliedRecord({ version: 3 as never, dirty: false })).not.toHaveProperty('statementsDone');
  });
});
