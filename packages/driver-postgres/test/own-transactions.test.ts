/**
 * Files that manage their own transactions (BEGIN; ... COMMIT;), on a real server: a whole-file
 * block runs in Godwit's transaction with the version row; several blocks run one unit each,
 * with progress counted in blocks.
 */
import { describePostgres } from '@godwit/test-kit/postgres';
import { expect, it } from 'vitest';
import { perTestProject } from './support/project.js';

const ITEMS = '-- +goose Up\nCREATE TABLE items (id int PRIMARY KEY, label text);\n';

describePostgres('files with their own transactions', () => {
  const { db, project } = perTestProject('owntx', { '000001_items.sql': ITEMS });

  const record = (version: number) =>
    db.query<{ dirty: boolean; statements_done: number | null }>('SELECT dirty, statements_done FROM godwit_migrations WHERE version = $1', [version]);

  it('runs a whole-file BEGIN ... COMMIT in its own transaction with the version row: a failure half-way leaves nothing', async () => {
    await project.write({
      '000002_whole.up.sql': [
        '-- the file wraps itself in a transaction',
        'BEGIN;',
        "INSERT INTO items VALUES (1, 'one');",
        'ALTER TABLE items ADD COLUMN extra int;',
        'UPDATE items SET nope = 1;',
        'COMMIT;',
        '',
      ].join('\n'),
    });
    const dry = await project.migrator().up({ dryRun: true });
    expect(dry.results[1]).toMatchObject({ transactional: true });
    expect(dry.results[1]?.statements?.map((s) => s.text)).toEqual([
      "INSERT INTO items VALUES (1, 'one')",
      'ALTER TABLE items ADD COLUMN extra int',
      'UPDATE items SET nope = 1',
    ]);

    const result = await project.migrator().up();
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 5, column: 18 });
    expect(result.error?.hint).toContain('rolled back and left no trace');
    expect(await db.query('SELECT count(*)::int AS n FROM items')).toEqual([{ n: 0 }]);
    expect(await db.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'extra'")).toEqual([]);
    expect(await record(2)).toEqual([]);

    await project.write({ '000002_whole.up.sql': "BEGIN;\nINSERT INTO items VALUES (1, 'one');\nCOMMIT;\n" });
    expect((await project.migrator().up()).error).toBeUndefined();
    expect(await record(2)).toEqual([{ dirty: false, statements_done: null }]);
    expect(await db.query('SELECT label FROM items')).toEqual([{ label: 'one' }]);
  });

  it('runs each block of a multi-block file as one unit: a failure in block 2 keeps block 1 and records 1 unit done', async () => {
    const file = [
      'BEGIN;',
      "INSERT INTO items VALUES (1, 'one');",
      "INSERT INTO items VALUES (2, 'two');",
      'COMMIT;',
      '',
      'BEGIN;',
      "INSERT INTO items VALUES (3, 'three');",
      '  UPDATE items SET nope = 1;',
      'COMMIT;',
      'CREATE INDEX CONCURRENTLY items_label ON items (label);',
      '',
    ].join('\n');
    await project.write({ '000002_blocks.up.sql': file });
    const dry = await project.migrator().up({ dryRun: true });
    expect(dry.results[1]).toMatchObject({ transactional: false, note: expect.stringMatching(/2 transaction block\(s\) of its own/) });
    expect(dry.results[1]?.statements?.map((s) => [s.line, s.text])).toEqual([
      [1, "BEGIN;\nINSERT INTO items VALUES (1, 'one');\nINSERT INTO items VALUES (2, 'two');\nCOMMIT"],
      [6, "BEGIN;\nINSERT INTO items VALUES (3, 'three');\n  UPDATE items SET nope = 1;\nCOMMIT"],
      [10, 'CREATE INDEX CONCURRENTLY items_label ON items (label)'],
    ]);

    const result = await project.migrator().up();
    // The server's position within the block's text maps to the failing line inside it.
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 8, column: 20 });
    expect(result.error?.data).toMatchObject({ statementsDone: 1, statements: 3 });
    expect(await db.query('SELECT id FROM items ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await record(2)).toEqual([{ dirty: true, statements_done: 1 }]);
  });

  it('keeps statement-by-statement for a file that rolls back its own transaction', async () => {
    await project.write({ '000002_rollback.up.sql': "BEGIN;\nINSERT INTO items VALUES (1, 'gone');\nROLLBACK;\nINSERT INTO items VALUES (2, 'kept');\n" });
    const result = await project.migrator().up();
    expect(result.error).toBeUndefined();
    expect(result.results[1]).toMatchObject({ transactional: false, note: expect.stringMatching(/rolls back a transaction of its own.*statement by statement/) });
    expect(await db.query('SELECT id FROM items')).toEqual([{ id: 2 }]);
  });

  it('refuses CONCURRENTLY inside a whole-file block, before anything runs', async () => {
    await project.write({ '000002_conc.up.sql': 'BEGIN;\nCREATE INDEX CONCURRENTLY items_label ON items (label);\nCOMMIT;\n' });
    const result = await project.migrator().up();
    expect(result.error).toMatchObject({ code: 'NOT_IN_TRANSACTION', line: 2, column: 1 });
    expect(result.error?.message).toMatch(/wraps itself in one/);
    expect(await db.tableExists('items')).toBe(false);
  });

  it('--single-transaction: a whole-file block joins the run; a multi-block file is refused', async () => {
    await project.write({ '000002_whole.up.sql': "BEGIN;\nINSERT INTO items VALUES (1, 'one');\nCOMMIT;\n" });
    const joined = await project.migrator({ singleTransaction: true }).up();
    expect(joined.error).toBeUndefined();
    expect(await db.query('SELECT id FROM items')).toEqual([{ id: 1 }]);

    await project.write({ '000003_blocks.up.sql': "BEGIN;\nINSERT INTO items VALUES (2, 'two');\nCOMMIT;\nBEGIN;\nINSERT INTO items VALUES (3, 'three');\nCOMMIT;\n" });
    const refused = await project.migrator({ singleTransaction: true }).up();
    expect(refused.error).toMatchObject({ code: 'NOT_IN_TRANSACTION', line: 1 });
    expect(refused.error?.message).toMatch(/runs 2 transaction block\(s\) of its own.*cannot join --single-transaction/);
  });
});
