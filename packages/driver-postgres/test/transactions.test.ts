import { afterEach, beforeEach, expect, it } from 'vitest';
import { createProject, type Project } from './support/project.js';
import { createTestDatabase, describePostgres, type TestDatabase } from './support/postgres.js';

const TABLE = '-- +goose Up\nCREATE TABLE items (id int, label text);\nINSERT INTO items VALUES (1, \'a\');\n-- +goose Down\nDROP TABLE items;\n';

describePostgres('transactions', () => {
  let db: TestDatabase;
  let project: Project;
  beforeEach(async () => {
    db = await createTestDatabase('tx');
    project = await createProject(db.url, { '000001_items.sql': TABLE });
  });
  afterEach(async () => {
    await project.cleanup();
    await db.drop();
  });

  const storeRows = () => db.query<{ version: string; dirty: boolean }>('SELECT version, dirty FROM godwit_migrations ORDER BY version');

  it('refuses CREATE INDEX CONCURRENTLY in a transactional migration before anything runs', async () => {
    await project.write({ '000002_index.sql': '-- +goose Up\nSELECT 1;\nCREATE INDEX CONCURRENTLY items_id ON items (id);\n' });
    const result = await project.migrator().up();
    expect(result.error).toMatchObject({ code: 'NOT_IN_TRANSACTION', line: 3, column: 1 });
    expect(result.error?.message).toMatch(/CREATE INDEX CONCURRENTLY cannot run inside a transaction/);
    expect(result.error?.hint).toMatch(/-- \+goose NO TRANSACTION/);
    expect(result.results).toEqual([]);
    expect(await db.tableExists('items')).toBe(false);
  });

  it('runs CREATE INDEX CONCURRENTLY under NO TRANSACTION, marking dirty only while it runs', async () => {
    await project.write({
      '000002_index.sql':
        '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY items_id ON items (id);\nCREATE INDEX CONCURRENTLY items_label ON items (label);\n-- +goose Down\nDROP INDEX CONCURRENTLY items_label;\nDROP INDEX CONCURRENTLY items_id;\n',
    });
    const m = project.migrator();
    const result = await m.up();
    expect(result.error).toBeUndefined();
    expect(result.results[1]).toMatchObject({ version: 2, transactional: false, note: expect.stringMatching(/NO TRANSACTION/) });
    expect(await db.tableExists('items_id')).toBe(true);
    expect(await storeRows()).toEqual([
      { version: '1', dirty: false },
      { version: '2', dirty: false },
    ]);
    expect((await m.down()).error).toBeUndefined();
    expect(await db.tableExists('items_label')).toBe(false);
  });

  it('runs a golang-migrate pair file holding only CONCURRENTLY outside a transaction, with a note', async () => {
    await project.write({
      '000002_index.up.sql': 'CREATE INDEX CONCURRENTLY items_id ON items (id);\n',
      '000002_index.down.sql': 'DROP INDEX CONCURRENTLY items_id;\n',
    });
    const result = await project.migrator().up();
    expect(result.error).toBeUndefined();
    expect(result.results[1]).toMatchObject({ transactional: false, note: expect.stringMatching(/CREATE INDEX CONCURRENTLY cannot run in a transaction/) });
    expect(await db.tableExists('items_id')).toBe(true);
  });

  it('refuses a pair file that mixes CONCURRENTLY with other statements', async () => {
    await project.write({ '000002_mixed.up.sql': 'ALTER TABLE items ADD COLUMN x int;\nCREATE INDEX CONCURRENTLY items_x ON items (x);\n' });
    const result = await project.migrator().up();
    expect(result.error).toMatchObject({ code: 'NOT_IN_TRANSACTION', line: 2 });
    expect(result.error?.hint).toMatch(/its own|NO TRANSACTION/);
    expect(await db.tableExists('items')).toBe(false);
  });

  it('runs a file with its own BEGIN/COMMIT as written, and refuses one that never commits', async () => {
    await project.write({
      '000002_own.up.sql': 'BEGIN;\nALTER TABLE items ADD COLUMN y int;\nCOMMIT;\nBEGIN;\nUPDATE items SET y = 7;\nCOMMIT;\n',
    });
    const result = await project.migrator().up();
    expect(result.error).toBeUndefined();
    expect(result.results[1]).toMatchObject({ transactional: false, note: expect.stringMatching(/manages its own transaction/) });
    expect(await db.query('SELECT y FROM items')).toEqual([{ y: 7 }]);

    await project.write({ '000003_open.up.sql': 'BEGIN;\nUPDATE items SET y = 8;\n' });
    const open = await project.migrator().up();
    expect(open.error).toMatchObject({ code: 'PARSE_ERROR', line: 1 });
    expect(await db.query('SELECT y FROM items')).toEqual([{ y: 7 }]);
  });

  it('a failure in a NO TRANSACTION migration leaves the store dirty, and the next run says how to recover', async () => {
    await project.write({
      '000002_half.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE TABLE half (id int);\nINSERT INTO nowhere VALUES (1);\n',
      '000003_later.sql': '-- +goose Up\nCREATE TABLE later (id int);\n',
    });
    const m = project.migrator();
    const result = await m.up();
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 4, column: 13 });
    expect(result.error?.hint).toMatch(/dirty at version 2.*godwit force/);
    expect(await db.tableExists('half')).toBe(true);
    expect(await storeRows()).toEqual([
      { version: '1', dirty: false },
      { version: '2', dirty: true },
    ]);
    const history = await db.query<{ version: string; success: boolean; finished: boolean }>(
      'SELECT version, success, finished_at IS NOT NULL AS finished FROM godwit_migrations_history ORDER BY id',
    );
    expect(history).toEqual([
      { version: '1', success: true, finished: true },
      { version: '2', success: false, finished: true },
    ]);
    const blocked = await m.up();
    expect(blocked.error?.code).toBe('DIRTY');
    expect(await db.tableExists('later')).toBe(false);
    await m.force(1);
    await db.query('DROP TABLE half');
    await project.write({
      '000002_half.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE TABLE half (id int);\n',
    });
    const rerun = await project.migrator().up();
    expect(rerun.error).toBeUndefined();
    expect(rerun.after).toBe(3);
  });

  it('--single-transaction rolls back every migration of the run when one fails', async () => {
    await project.write({
      '000002_two.sql': '-- +goose Up\nCREATE TABLE two (id int);\n',
      '000003_bad.sql': '-- +goose Up\nCREATE TABLE three (id int);\nSELECT 1/0;\n',
    });
    const result = await project.migrator({ singleTransaction: true }).up();
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 3 });
    expect(result.error?.hint).toMatch(/2 migration\(s\) applied before it in this run were rolled back/);
    // The run's result says so too: nothing it ran was kept, and the version did not move.
    expect(result.results.map((r) => r.status)).toEqual(['rolled-back', 'rolled-back', 'failed']);
    expect(result.after).toBe(result.before);
    for (const t of ['items', 'two', 'three']) expect(await db.tableExists(t)).toBe(false);
    expect(await db.query('SELECT * FROM godwit_migrations')).toEqual([]);
    const history = await db.query<{ version: string; success: boolean }>('SELECT version, success FROM godwit_migrations_history');
    expect(history).toEqual([{ version: '3', success: false }]);
  });

  it('--single-transaction commits every migration together when all succeed', async () => {
    await project.write({ '000002_two.sql': '-- +goose Up\nCREATE TABLE two (id int);\n-- +goose Down\nDROP TABLE two;\n' });
    const m = project.migrator({ singleTransaction: true });
    const result = await m.up();
    expect(result.error).toBeUndefined();
    expect(result.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(result.after).toBe(2);
    expect(await db.tableExists('two')).toBe(true);
    expect((await storeRows()).map((r) => r.version)).toEqual(['1', '2']);
    expect((await m.reset()).error).toBeUndefined();
    expect(await db.tableExists('items')).toBe(false);
  });

  it('--single-transaction refuses a NO TRANSACTION migration up front', async () => {
    await project.write({ '000002_index.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON items (id);\n' });
    const result = await project.migrator({ singleTransaction: true }).up();
    expect(result.error).toMatchObject({ code: 'NOT_IN_TRANSACTION' });
    expect(result.error?.message).toMatch(/single-transaction/);
    expect(await db.tableExists('items')).toBe(false);
  });

  it('a statement running past --statement-timeout fails and leaves no trace', async () => {
    await project.write({ '000002_slow.sql': '-- +goose Up\nCREATE TABLE slow (id int);\nSELECT pg_sleep(5);\n' });
    const started = Date.now();
    const result = await project.migrator().up({ statementTimeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 3, column: 1 });
    expect(result.error?.message).toMatch(/statement timeout/);
    expect(result.error?.hint).toMatch(/--statement-timeout/);
    expect(await db.tableExists('slow')).toBe(false);
    expect(await db.tableExists('items')).toBe(true);
  });

  it('the run time limit cancels the running statement on the server', async () => {
    await project.write({ '000002_slow.sql': '-- +goose Up\nCREATE TABLE slow (id int);\nSELECT pg_sleep(30);\n' });
    const started = Date.now();
    const result = await project.migrator({ applicationName: 'godwit-cancel-test' }).up({ timeoutMs: 700 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.error?.code).toBe('TIMEOUT');
    expect(result.results.map((r) => [r.version, r.status])).toEqual([
      [1, 'applied'],
      [2, 'failed'],
    ]);
    expect(await db.tableExists('slow')).toBe(false);
    const sleeping = await db.query("SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND state = 'active'");
    expect(sleeping).toEqual([]);
  });
});
