import { describe, expect, it } from 'vitest';
import { prepare, sqlMigration, thrown } from '../__fixtures__/steps.js';
import { prepareStep } from './prepare.js';
import { parseFailure } from './syntax.js';


describe('the syntax check against an empty database', () => {
  // Each of these fails to prepare on an empty database for want of a table, column, function,
  // collation or module: that only means the schema is not there yet, so they pass.
  it.each([
    'INSERT INTO missing VALUES (1)',
    'UPDATE missing SET a = 1 WHERE b = 2',
    'DELETE FROM missing WHERE id IN (SELECT id FROM other)',
    'CREATE INDEX i ON missing (a)',
    'CREATE UNIQUE INDEX IF NOT EXISTS i ON t (a) WHERE a > 0',
    'CREATE TABLE t2 AS SELECT * FROM missing',
    'DROP TABLE t',
    'DROP VIEW v',
    'DROP INDEX i',
    'DROP TRIGGER tr',
    'ALTER TABLE t RENAME TO u',
    'ALTER TABLE t RENAME COLUMN a TO b',
    'ALTER TABLE t DROP COLUMN c',
    'ALTER TABLE t ADD COLUMN c INTEGER NOT NULL DEFAULT 0',
    'SELECT my_extension_function(1)',
    'SELECT * FROM other_db.t',
    'INSERT INTO t VALUES (1) RETURNING id',
    'CREATE TRIGGER tr AFTER UPDATE ON t BEGIN UPDATE t SET n = n + 1; SELECT RAISE(ABORT, \'no\') WHERE NEW.n > 9; END',
    'CREATE TRIGGER tr INSTEAD OF INSERT ON v BEGIN INSERT INTO t VALUES (NEW.a); END',
    'CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END',
    'CREATE VIRTUAL TABLE docs USING fts5(body)',
    'CREATE VIEW v AS SELECT a FROM missing',
  ])('passes %s', (sql) => {
    expect(parseFailure(sql)).toBeUndefined();
  });

  it.each([
    'CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, b TEXT REFERENCES p (id)) STRICT',
    'BEGIN',
    'BEGIN IMMEDIATE TRANSACTION',
    'COMMIT',
    'END TRANSACTION',
    'ROLLBACK',
    'SAVEPOINT s1',
    'ROLLBACK TO s1',
    'RELEASE s1',
    'VACUUM',
    'PRAGMA foreign_keys = ON',
    "ATTACH DATABASE 'other.db' AS other",
    'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3) SELECT * FROM c',
  ])('passes %s, which prepares on an empty database', (sql) => {
    expect(parseFailure(sql)).toBeUndefined();
  });

  it.each([
    ['SELEC * FROM x', 'near "SELEC": syntax error', 0],
    ['CREATE TABLE t (id INTEGER', 'incomplete input', 26],
    ['SELECT * FROM x WHERE', 'incomplete input', 21],
    ['INSERT INTO t VALUES (1,, 2)', 'near ",": syntax error', 24],
    ["SELECT x'zz'", 'unrecognized token: "x\'zz\'"', 7],
    ['CREATE TABLE t (a INTEGER) WITH ROWID', 'near "ROWID": syntax error', 32],
    ['CREATE TABLE t (a INTEGER) FOO', 'unknown table option: FOO', undefined],
    ['SELECT 1 UNION SELECT 2 ORDER BY 1 UNION SELECT 3', 'ORDER BY clause should come after UNION not before', undefined],
    // a trigger's body is checked although its table does not exist on the empty database
    ['CREATE TRIGGER tr AFTER UPDATE ON t BEGIN\n  UPDAT t SET n = 1;\nEND', 'near "UPDAT": syntax error', 44],
    ['CREATE TRIGGER tr INSTEAD OF INSERT ON v BEGIN INSERT INTO t VALUE (1); END', 'near "VALUE": syntax error', 61],
    // and so is a column definition added to a table that is not there
    ['ALTER TABLE t ADD COLUMN c INTEGER DEFAULT (', 'incomplete input', 44],
  ])('fails %s with %s', (sql, message, offset) => {
    expect(parseFailure(sql)).toEqual({ message, ...(offset !== undefined && { offset }) });
  });

  it('finds the offending token, not an earlier occurrence of the same text', () => {
    // the first `x` parses fine; the error is at the second one
    expect(parseFailure('SELECT x FROM t x x')).toEqual({ message: 'near "x": syntax error', offset: 18 });
  });
});

describe('prepareStep refuses a statement SQLite cannot parse', () => {
  it('as a PARSE_ERROR at the file position of the error, with the statement start, before anything runs', () => {
    const error = thrown(() =>
      prepare({ version: 2, up: 'CREATE TABLE a (id INTEGER);\nINSERT INTO a VALUES (1);\nSELECT *\n  FROM a\n  WHER id = 1;\n', upLine: 3 }),
    );
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.toString()).toBe(
      'migrations/sqlite-test/000002_step_2.sql:7:8: near "id": syntax error (in the statement at line 5, column 1)',
    );
    expect(error.version).toBe(2);
    expect(error.hint).toContain('Nothing has run');
    expect(error.data).toMatchObject({ sqliteMessage: 'near "id": syntax error', statement: { line: 5, column: 1 }, offset: 25 });
  });

  it('points at the statement itself when the error is at its first token', () => {
    const error = thrown(() => prepare({ version: 3, up: 'CREATE TABLE a (id INTEGER);  SELEC 1;' }));
    expect(error.where).toBe('migrations/sqlite-test/000003_step_3.sql:2:31');
    expect(error.message).toBe('near "SELEC": syntax error');
  });

  it('counts lines the same with CRLF line ends', () => {
    const error = thrown(() => prepare({ version: 4, up: 'CREATE TABLE a (\r\n  id INTEGER,\r\n  name TEXT,,\r\n);\r\n' }));
    expect(error.where).toBe('migrations/sqlite-test/000004_step_4.sql:4:13');
  });

  it('checks each statement of a StatementBegin/End block', () => {
    const error = thrown(() =>
      prepare({ version: 5, up: 'CREATE TABLE t (n INTEGER);\n', atomicUp: [{ text: 'INSERT INTO t VALUES (1);\nINSRT INTO t VALUES (2);\n', line: 9 }] }),
    );
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.where).toBe('migrations/sqlite-test/000005_step_5.sql:10:1');
  });

  it('accepts a whole realistic migration whose statements depend on each other', () => {
    const step = prepare({
      version: 6,
      up: [
        'CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, created_at TEXT DEFAULT CURRENT_TIMESTAMP);',
        'CREATE INDEX accounts_created ON accounts (created_at);',
        "INSERT INTO accounts (email) VALUES ('a@example.com');",
        'ALTER TABLE accounts ADD COLUMN name TEXT;',
        'CREATE TRIGGER accounts_touch AFTER UPDATE ON accounts BEGIN',
        '  UPDATE accounts SET created_at = CURRENT_TIMESTAMP WHERE id = NEW.id AND NEW.created_at IS NULL;',
        'END;',
        'BEGIN;',
        'COMMIT;',
      ].join('\n'),
    });
    // The file's (empty) BEGIN ... COMMIT block is one unit.
    expect(step.statements).toHaveLength(6);
  });

  it('puts ENVSUB values back as ${NAME} in the message', () => {
    const { migration, loaded } = sqlMigration({ version: 7, up: "SELECT 1 FROM t s3cr3t s3cr3t;" });
    if (loaded.up.kind === 'sql') loaded.up.substitutions = [{ name: 'ALIAS', value: 's3cr3t' }];
    const error = thrown(() => prepareStep(migration, loaded, 'up'));
    expect(error.message).toBe('near "${ALIAS}": syntax error (in the statement at line 2, column 1)');
    expect(JSON.stringify(error.toJSON())).not.toContain('s3cr3t');
  });
});

describe('what the check leaves alone', () => {
  it('does not prepare a PRAGMA that would set a process-wide limit while being compiled', async () => {
    const { default: Database } = await import('better-sqlite3');
    const probe = new Database(':memory:');
    try {
      const before = probe.pragma('soft_heap_limit', { simple: true });
      expect(parseFailure('PRAGMA soft_heap_limit = 123456')).toBeUndefined();
      expect(probe.pragma('soft_heap_limit', { simple: true })).toBe(before);
    } finally {
      probe.close();
    }
  });
});
