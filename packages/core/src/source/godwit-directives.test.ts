import { describe, expect, it } from 'vitest';
import { parseGooseFile } from './goose-parser.js';
import { parsePairFile } from './pair-parser.js';
import { godwitErrorFrom } from '../__fixtures__/godwit-error-from.js';

const FILE = 'migrations/db/000002_rename.sql';
const parse = (lines: string[]) => parseGooseFile(lines.join('\n'), FILE);

const parseError = (lines: string[]) => godwitErrorFrom(() => parse(lines));

describe('godwit directives with arguments', () => {
  it('reads PHASE in any case, before or after Up', () => {
    expect(parse(['-- +godwit PHASE expand', '-- +goose Up', 'SELECT 1;']).phase).toBe('expand');
    expect(parse(['-- +goose Up', '-- +godwit phase Contract', 'SELECT 1;']).phase).toBe('contract');
    expect(parse(['-- +goose Up', 'SELECT 1;']).phase).toBeUndefined();
    expect(parsePairFile('-- +godwit PHASE contract\nALTER TABLE t DROP COLUMN a;\n', '2_x.up.sql').phase).toBe('contract');
  });

  it('refuses a phase that is neither expand nor contract, and two contradicting phases', () => {
    const bad = parseError(['-- +goose Up', '-- +godwit PHASE migrate', 'SELECT 1;']);
    expect(bad.message).toBe('`PHASE migrate`: the phase is expand or contract');
    expect([bad.file, bad.line]).toEqual([FILE, 2]);
    expect(parseError(['-- +godwit PHASE expand', '-- +goose Up', '-- +godwit PHASE contract']).message).toContain('contradicts the PHASE at line 1');
  });

  it('reads the migration limits, merged over several lines', () => {
    const f = parse(['-- +goose Up', '-- +godwit lock_timeout=2s statement_timeout=5m', '-- +godwit retries=5 retry_delay=1s', 'SELECT 1;']);
    expect(f.limits).toEqual({ lockTimeoutMs: 2000, statementTimeoutMs: 300_000, retries: 5, retryDelayMs: 1000 });
    // the annotation lines are sent as empty lines: the statement keeps its line
    expect(f.up.chunks).toEqual([{ text: '\n\nSELECT 1;', line: 2, atomic: false }]);
  });

  it('refuses an unknown key, a bad duration and a negative retry count, at their line', () => {
    expect(parseError(['-- +goose Up', '-- +godwit lock_timeot=2s']).message).toContain('unknown setting `lock_timeot=2s`');
    const duration = parseError(['-- +goose Up', '-- +godwit lock_timeout=2']);
    expect([duration.message, duration.line]).toEqual(['lock_timeout=2 is not a duration', 2]);
    expect(parseError(['-- +goose Up', '-- +godwit retries=-1']).message).toContain('retries=-1');
  });

  it('attaches BATCH to the chunk of the next statement only', () => {
    const f = parse(['-- +goose Up', 'ALTER TABLE t ADD COLUMN b int;', '-- +godwit BATCH size=5000 delay=100ms', 'UPDATE t SET b = a WHERE b IS NULL;', 'SELECT 1;']);
    expect(f.up.chunks).toEqual([
      { text: 'ALTER TABLE t ADD COLUMN b int;', line: 2, atomic: false },
      { text: '\nUPDATE t SET b = a WHERE b IS NULL;\nSELECT 1;', line: 3, atomic: false, batch: { size: 5000, delayMs: 100 } },
    ]);
    const block = parse(['-- +goose Up', '-- +godwit BATCH', '-- +goose StatementBegin', 'DELETE FROM t WHERE old;', '-- +goose StatementEnd']);
    expect(block.up.chunks[0]!.batch).toEqual({ size: 1000, delayMs: 0 });
  });

  it('refuses a BATCH with nothing after it, inside a block, or with a bad size', () => {
    expect(parseError(['-- +goose Up', 'SELECT 1;', '-- +godwit BATCH size=10']).message).toBe('`-- +godwit BATCH` has no statement after it');
    expect(parseError(['-- +goose Up', '-- +goose StatementBegin', '-- +godwit BATCH', 'SELECT 1;', '-- +goose StatementEnd']).message).toContain('inside a StatementBegin/End block');
    expect(parseError(['-- +goose Up', '-- +godwit BATCH size=0', 'SELECT 1;']).message).toContain('size=0');
    expect(parseError(['-- +goose Up', '-- +godwit BATCH rows=10', 'SELECT 1;']).message).toContain('unknown setting `rows=10`');
  });

  it('still refuses an unknown word', () => {
    expect(parseError(['-- +goose Up', '-- +godwit EXPAND']).message).toBe('unknown annotation `-- +godwit EXPAND`');
  });
});
