import { describe, expect, it } from 'vitest';
import { foreignKeysPragma } from './sqlite/lint-file.js';
import { goose, lintFiles, rulesFound } from './__fixtures__/lint-files.js';

const sqlite = { dialect: 'sqlite' as const };

describe('SQLite rules', () => {
  it('ADD COLUMN NOT NULL without a default', async () => {
    expect(await rulesFound({ '1_m.sql': goose('ALTER TABLE t ADD COLUMN c TEXT NOT NULL;') }, sqlite)).toEqual(['sqlite-adding-not-nullable-field']);
    expect(await rulesFound({ '1_m.sql': goose("ALTER TABLE t ADD COLUMN c TEXT NOT NULL DEFAULT '';") }, sqlite)).toEqual([]);
  });

  it('ALTER TABLE forms SQLite cannot do in place', async () => {
    expect(await rulesFound({ '1_m.sql': goose('ALTER TABLE t ALTER COLUMN c TYPE integer;') }, sqlite)).toEqual(['sqlite-unsupported-alter']);
    expect(await rulesFound({ '1_m.sql': goose('ALTER TABLE t ADD COLUMN c TEXT UNIQUE;') }, sqlite)).toEqual(['sqlite-unsupported-alter']);
    expect(await rulesFound({ '1_m.sql': goose('ALTER TABLE t ADD COLUMN c TEXT;\nALTER TABLE t DROP COLUMN d;') }, sqlite)).toEqual([]);
  });

  it('a table rebuild needs PRAGMA foreign_keys = OFF outside a transaction', async () => {
    const rebuild = 'CREATE TABLE new_t (id INTEGER PRIMARY KEY);\nINSERT INTO new_t SELECT id FROM t;\nDROP TABLE t;\nALTER TABLE new_t RENAME TO t;';
    expect(await rulesFound({ '1_m.sql': goose(rebuild) }, sqlite)).toEqual(['sqlite-rebuild-without-foreign-keys-off']);
    const inTx = `PRAGMA foreign_keys = OFF;\n${rebuild}`;
    expect(await rulesFound({ '1_m.sql': goose(inTx) }, sqlite)).toEqual(['sqlite-rebuild-without-foreign-keys-off']);
    const safe = `PRAGMA foreign_keys = OFF;\nBEGIN;\n${rebuild}\nPRAGMA foreign_key_check;\nCOMMIT;\nPRAGMA foreign_keys = ON;`;
    expect(await rulesFound({ '1_m.sql': goose(safe, { noTransaction: true }) }, sqlite)).toEqual([]);
  });

  it('reads the PRAGMA spellings', () => {
    expect(foreignKeysPragma('PRAGMA foreign_keys=OFF')).toBe('off');
    expect(foreignKeysPragma('pragma foreign_keys = 0')).toBe('off');
    expect(foreignKeysPragma('PRAGMA foreign_keys = ON')).toBe('on');
    expect(foreignKeysPragma('PRAGMA journal_mode = WAL')).toBeUndefined();
  });
});

describe('MongoDB rules', () => {
  const json = (commands: unknown[]) => ({ '1_m.up.json': JSON.stringify(commands, null, 1) });

  it('update and delete with an empty filter', async () => {
    expect(await rulesFound(json([{ update: 'users', updates: [{ q: {}, u: { $set: { a: 1 } }, multi: true }] }]))).toEqual(['mongodb-empty-filter']);
    expect(await rulesFound(json([{ delete: 'users', deletes: [{ q: {}, limit: 0 }] }]))).toEqual(['mongodb-empty-filter']);
    expect(await rulesFound(json([{ delete: 'users', deletes: [{ q: { old: true }, limit: 0 }] }]))).toEqual([]);
  });

  it('drop of a collection, unless created earlier; a comment directive silences it', async () => {
    expect(await rulesFound(json([{ drop: 'events' }]))).toEqual(['mongodb-drop-collection']);
    expect(await rulesFound(json([{ create: 'events' }, { drop: 'events' }]))).toEqual([]);
    expect(await rulesFound(json([{ drop: 'events', comment: 'godwit:ignore mongodb-drop-collection -- unused since v3' }]))).toEqual([]);
  });

  it('createIndexes on an existing collection without a note of its cost', async () => {
    const index = { createIndexes: 'users', indexes: [{ key: { email: 1 }, name: 'email_1' }] };
    expect(await rulesFound(json([index]))).toEqual(['mongodb-create-index-cost']);
    expect(await rulesFound(json([{ ...index, comment: '~2M documents, built off-peak' }]))).toEqual([]);
    expect(await rulesFound(json([{ create: 'users' }, index]))).toEqual([]);
  });

  it('dropIndexes "*"', async () => {
    expect(await rulesFound(json([{ dropIndexes: 'users', index: '*' }]))).toEqual(['mongodb-drop-all-indexes']);
    expect(await rulesFound(json([{ dropIndexes: 'users', index: 'email_1' }]))).toEqual([]);
  });

  it('points at the command', async () => {
    const [finding] = await lintFiles(json([{ create: 'a' }, { drop: 'events' }]));
    expect([finding!.line, finding!.column]).toEqual([5, 2]);
  });
});
