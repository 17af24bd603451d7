import { describe, expect, it } from 'vitest';
import type { LoadedMigration } from '@godwit/core';
import { prepare, sqlMigration, thrown } from '../__fixtures__/steps.js';
import { prepareStep } from './prepare.js';


describe('prepareStep', () => {
  it('splits free SQL into statements with their file, line and column', () => {
    const step = prepare({ version: 1, up: 'CREATE TABLE a (id INTEGER);\n  INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);\n', upLine: 2 });
    expect(step.transactional).toBe(true);
    expect(step.note).toBeUndefined();
    expect(step.statements).toEqual([
      { text: 'CREATE TABLE a (id INTEGER)', file: step.migration.file, line: 2, column: 1 },
      { text: 'INSERT INTO a VALUES (1)', file: step.migration.file, line: 3, column: 3 },
      { text: 'INSERT INTO a VALUES (2)', file: step.migration.file, line: 3, column: 29 },
    ]);
  });

  it('keeps a trigger body together and sends a StatementBegin chunk as one statement', () => {
    const trigger = 'CREATE TRIGGER t_touch AFTER UPDATE ON t BEGIN\n  UPDATE t SET n = n + 1;\n  SELECT 1;\nEND;\n';
    const step = prepare({ version: 1, up: `CREATE TABLE t (n INTEGER);\n${trigger}`, atomicUp: [{ text: 'INSERT INTO t VALUES (1);\n', line: 9 }] });
    expect(step.transactional).toBe(true);
    expect(step.statements.map((s) => [s.text.split('\n')[0], s.line])).toEqual([
      ['CREATE TABLE t (n INTEGER)', 2],
      ['CREATE TRIGGER t_touch AFTER UPDATE ON t BEGIN', 3],
      ['INSERT INTO t VALUES (1)', 9],
    ]);
  });

  it('runs a NO TRANSACTION migration outside a transaction and says why', () => {
    const step = prepare({ version: 1, up: 'CREATE TABLE a (id INTEGER);', noTransaction: true });
    expect(step.transactional).toBe(false);
    expect(step.note).toMatch(/NO TRANSACTION/);
  });

  it.each(['COMMIT', 'END TRANSACTION', 'ROLLBACK'])('runs a file with a %s of its own as written, statement by statement', (control) => {
    const step = prepare({ version: 1, up: `CREATE TABLE a (id INTEGER);\n${control};\n` });
    expect(step.transactional).toBe(false);
    expect(step.note).toContain('manages its own transaction');
    expect(step.note).toContain('line 3');
    expect(step.statements).toHaveLength(2);
  });

  it.each(['BEGIN', 'BEGIN IMMEDIATE TRANSACTION'])('refuses a file whose %s is never closed, naming its line', (control) => {
    const error = thrown(() => prepare({ version: 1, up: `CREATE TABLE a (id INTEGER);\n${control};\nINSERT INTO a VALUES (1);\n`, upLine: 1 }));
    expect(error).toMatchObject({ code: 'PARSE_ERROR', line: 2, column: 1 });
    expect(error.hint).toContain('COMMIT');
  });

  it('runs a whole-file BEGIN ... COMMIT as our own transaction, without its BEGIN and COMMIT', () => {
    const step = prepare({ version: 1, up: 'BEGIN TRANSACTION;\nCREATE TABLE a (id INTEGER);\nINSERT INTO a VALUES (1);\nCOMMIT;\n', upLine: 1 });
    expect(step.transactional).toBe(true);
    expect(step.statements.map((s) => [s.text, s.line])).toEqual([
      ['CREATE TABLE a (id INTEGER)', 2],
      ['INSERT INTO a VALUES (1)', 3],
    ]);
  });

  it('sends each block of a multi-block file as one unit; statements outside blocks stay one each', () => {
    const step = prepare({ version: 1, up: 'CREATE TABLE a (id INTEGER);\nBEGIN;\nINSERT INTO a VALUES (1);\nCOMMIT;\nBEGIN EXCLUSIVE;\n  INSERT INTO a VALUES (2); END;\n', upLine: 1 });
    expect(step.transactional).toBe(false);
    expect(step.note).toContain('2 transaction block(s)');
    expect(step.statements.map((s) => [s.text, s.line, s.column])).toEqual([
      ['CREATE TABLE a (id INTEGER)', 1, 1],
      ['BEGIN;\nINSERT INTO a VALUES (1);\nCOMMIT', 2, 1],
      ['BEGIN EXCLUSIVE;\n  INSERT INTO a VALUES (2); END', 5, 1],
    ]);
  });

  it('keeps a BEGIN EXCLUSIVE whole-file block as written (one unit), and a NO TRANSACTION one too', () => {
    const exclusive = prepare({ version: 1, up: 'BEGIN EXCLUSIVE;\nCREATE TABLE a (id INTEGER);\nCOMMIT;\n', upLine: 1 });
    expect(exclusive).toMatchObject({ transactional: false, statements: [{ line: 1 }] });
    const noTx = prepare({ version: 1, up: 'BEGIN;\nCREATE TABLE a (id INTEGER);\nCOMMIT;\n', noTransaction: true });
    expect(noTx).toMatchObject({ transactional: false, statements: [{ text: 'BEGIN;\nCREATE TABLE a (id INTEGER);\nCOMMIT' }] });
  });

  it('keeps savepoints inside the migration transaction', () => {
    const step = prepare({ version: 1, up: 'SAVEPOINT s1;\nCREATE TABLE a (id INTEGER);\nROLLBACK TO s1;\nRELEASE s1;\n' });
    expect(step.transactional).toBe(true);
  });

  it('refuses VACUUM in a transactional migration, naming file and line', () => {
    const error = thrown(() => prepare({ version: 7, up: 'DELETE FROM t;\n\nVACUUM;\n', upLine: 4 }));
    expect(error.code).toBe('NOT_IN_TRANSACTION');
    expect(error.where).toBe('migrations/sqlite-test/000007_step_7.sql:6:1');
    expect(error.hint).toContain('-- +goose NO TRANSACTION');
  });

  it('allows VACUUM with NO TRANSACTION, and alone in a golang-migrate pair file', () => {
    expect(prepare({ version: 1, up: 'DELETE FROM t;\nVACUUM;', noTransaction: true }).transactional).toBe(false);
    const pair = prepare({ version: 1, up: 'VACUUM;', format: 'pair' });
    expect(pair.transactional).toBe(false);
    expect(pair.note).toContain('VACUUM');
    expect(() => prepare({ version: 1, up: 'DELETE FROM t;\nVACUUM;', format: 'pair' })).toThrowError(
      expect.objectContaining({ code: 'NOT_IN_TRANSACTION' }),
    );
  });

  it('prepares the down part, and an empty down as a step with no statements', () => {
    const down = prepare({ version: 1, up: 'CREATE TABLE a (id INTEGER);', down: 'DROP TABLE a;', downLine: 5 }, 'down');
    expect(down.direction).toBe('down');
    expect(down.statements).toEqual([{ text: 'DROP TABLE a', file: down.migration.file, line: 5, column: 1 }]);
    const empty = prepare({ version: 1, up: 'CREATE TABLE a (id INTEGER);', down: '-- nothing to undo\n' }, 'down');
    expect(empty.statements).toEqual([]);
    expect(empty.transactional).toBe(true);
  });

  it('refuses a missing down part as IRREVERSIBLE', () => {
    expect(thrown(() => prepare({ version: 1, up: 'SELECT 1;' }, 'down')).code).toBe('IRREVERSIBLE');
  });

  it('refuses JSON command migrations as FORMAT_NOT_SUPPORTED naming the file', () => {
    const { migration } = sqlMigration({ version: 2, up: '' });
    const loaded: LoadedMigration = { up: { kind: 'json', file: 'migrations/m/000002_x.up.json', commands: [], empty: true } };
    const error = thrown(() => prepareStep(migration, loaded, 'up'));
    expect(error.code).toBe('FORMAT_NOT_SUPPORTED');
    expect(error.file).toBe('migrations/m/000002_x.up.json');
    expect(error.hint).toContain('MongoDB');
  });

  it('reports an unterminated string as a PARSE_ERROR from the splitter', () => {
    expect(thrown(() => prepare({ version: 1, up: "INSERT INTO t VALUES ('oops);" })).code).toBe('PARSE_ERROR');
  });
});
