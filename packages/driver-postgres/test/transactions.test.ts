import { describePostgres } from '@godwit/test-kit/postgres';
import pg from 'pg';
import { expect, it } from 'vitest';
import { perTestProject } from './support/project.js';

const TABLE = '-- +goose Up\nCREATE TABLE items (id int, label text);\nINSERT INTO items VALUES (1, \'a\');\n-- +goose Down\nDROP TABLE items;\n';

describePostgres('transactions', () => {
  const { db, project } = perTestProject('tx', { '000001_items.sql': TABLE });

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

  it('refuses a file that opens a transaction and never commits, before anything runs', async () => {
    await project.write({ '000002_open.up.sql': 'ALTER TABLE items ADD COLUMN y int;\nBEGIN;\nUPDATE items SET y = 8;\n' });
    const open = await project.migrator().up();
    expect(open.error).toMatchObject({ code: 'PARSE_ERROR', line: 2, column: 1 });
    expect(open.error?.message).toBe('the file opens a transaction (BEGIN) and never closes it');
    expect(await db.tableExists('items')).toBe(false);
  });

  it('a failure in a NO TRANSACTION migration leaves the store dirty, and the next run says how to recover', async () => {
    await project.write({
      '000002_half.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE TABLE half (id int);\nINSERT INTO nowhere VALUES (1);\n',
      '000003_later.sql': '-- +goose Up\nCREATE TABLE later (id int);\n',
    });
    const m = project.migrator();
    const result = await m.up();
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 4, column: 13 });
    expect(result.error?.hint).toContain('stopped after 1 of 2 statement(s), so version 2 is recorded dirty');
    expect(result.error?.hint).toContain('"godwit force 2" if you completed it, or "godwit force 1" if you undid it');
    expect(result.error?.data).toMatchObject({ sqlstate: '42P01', statementsDone: 1, statements: 2, statement: 'INSERT INTO nowhere VALUES (1)' });
    expect(await db.tableExists('half')).toBe(true);
    expect(await storeRows()).toEqual([
      { version: '1', dirty: false },
      { version: '2', dirty: true },
    ]);
    expect(await db.query('SELECT statements_done FROM godwit_migrations ORDER BY version')).toEqual([{ statements_done: null }, { statements_done: 1 }]);
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

  it('a NO TRANSACTION file whose own transaction fails is rolled back, so the failure is still recorded', async () => {
    await project.write({ '000002_own.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nBEGIN;\nUPDATE items SET label = 1/0;\nCOMMIT;\n' });
    const m = project.migrator();
    const result = await m.up();
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 3 });
    expect(result.error?.message).toMatch(/division by zero/);
    // NO TRANSACTION keeps the file's own transaction: its block is one unit, sent whole.
    expect(result.error?.hint).toContain('stopped after 0 of 1 statement(s)');
    // The session was not left in the aborted transaction: the history row was finished on it.
    const [row] = await m.history({ limit: 1 });
    expect(row).toMatchObject({ version: 2, success: false });
    expect(row?.finishedAt).toBeInstanceOf(Date);
    expect(await db.query('SELECT version, dirty, statements_done FROM godwit_migrations WHERE version = 2')).toEqual([
      { version: '2', dirty: true, statements_done: null },
    ]);
    expect(await db.query('SELECT label FROM items')).toEqual([{ label: 'a' }]);
  });

  it('--statement-timeout on a NO TRANSACTION step holds for its statements only', async () => {
    await project.write({ '000002_slow.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nSELECT pg_sleep(60);\n' });
    const m = project.migrator();
    const started = Date.now();
    const result = await m.up({ statementTimeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 3, column: 1 });
    expect(result.error?.message).toMatch(/statement timeout/);
    expect(result.error?.hint).toMatch(/--statement-timeout.*recorded dirty/);
    await m.force(2);
    // The same driver, so the same session: the limit was reset when the step ended.
    await project.write({ '000003_wait.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nSELECT pg_sleep(0.5);\n' });
    expect((await m.up()).error).toBeUndefined();
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

  it('force on a --single-transaction driver commits what it records', async () => {
    await project.write({ '000002_two.sql': '-- +goose Up\nCREATE TABLE two (id int);\n-- +goose Down\nDROP TABLE two;\n' });
    const m = project.migrator({ singleTransaction: true });
    expect(await m.force(2)).toMatchObject({ after: 2, recorded: [1, 2] });
    expect((await storeRows()).map((r) => r.version)).toEqual(['1', '2']);
    expect(await project.migrator().version()).toEqual({ version: 2, dirty: false });
  });

  it('--single-transaction keeps nothing when the run does not commit, and says so', async () => {
    // A deferred constraint is only checked at COMMIT, after every step of the run succeeded.
    await project.write({
      '000002_parent.sql': '-- +goose Up\nCREATE TABLE parent (id int PRIMARY KEY);\n',
      '000003_child.sql':
        '-- +goose Up\nCREATE TABLE child (parent int REFERENCES parent DEFERRABLE INITIALLY DEFERRED);\nINSERT INTO child VALUES (42);\n',
    });
    const result = await project.migrator({ singleTransaction: true }).up();
    expect(result.error?.code).toBe('MIGRATION_FAILED');
    expect(result.error?.message).toMatch(/^the run's single transaction did not commit, so none of its 3 migration\(s\) were kept: .*foreign key/);
    expect(result.error?.hint).toMatch(/deferred constraint/);
    expect(result.results.map((r) => r.status)).toEqual(['rolled-back', 'rolled-back', 'rolled-back']);
    expect(result.after).toBe(result.before);
    for (const t of ['items', 'parent', 'child']) expect(await db.tableExists(t)).toBe(false);
    expect(await db.query('SELECT * FROM godwit_migrations')).toEqual([]);
  });

  it('--single-transaction refuses a NO TRANSACTION migration up front', async () => {
    await project.write({ '000002_index.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON items (id);\n' });
    const result = await project.migrator({ singleTransaction: true }).up();
    expect(result.error).toMatchObject({ code: 'NOT_IN_TRANSACTION' });
    expect(result.error?.message).toMatch(/single-transaction/);
    expect(await db.tableExists('items')).toBe(false);
  });

  it('a statement running past --statement-timeout fails and leaves no trace', async () => {
    // A minute of sleep cut off after 0.3 s: the bound proves the cut, with room for a busy machine.
    await project.write({ '000002_slow.sql': '-- +goose Up\nCREATE TABLE slow (id int);\nSELECT pg_sleep(60);\n' });
    const started = Date.now();
    const result = await project.migrator().up({ statementTimeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 3, column: 1 });
    expect(result.error?.message).toMatch(/statement timeout/);
    expect(result.error?.hint).toMatch(/--statement-timeout/);
    expect(await db.tableExists('slow')).toBe(false);
    expect(await db.tableExists('items')).toBe(true);
  });

  it('a statement waiting past --lock-timeout for a table lock fails with advice, and leaves no trace', async () => {
    expect((await project.migrator().up()).error).toBeUndefined();
    await project.write({ '000002_alter.sql': '-- +goose Up\nCREATE TABLE alter_first (id int);\nALTER TABLE items ADD COLUMN z int;\n' });
    const other = new pg.Client({ connectionString: db.url });
    other.on('error', () => undefined);
    await other.connect();
    try {
      await other.query('BEGIN; LOCK TABLE items IN ACCESS SHARE MODE');
      const result = await project.migrator().up({ lockTimeoutMs: 300 });
      expect(result.error).toMatchObject({ code: 'MIGRATION_FAILED', line: 3, column: 1 });
      expect(result.error?.message).toMatch(/lock timeout/);
      expect(result.error?.hint).toMatch(/longer than its lock timeout.*else --lock-timeout.*migration 2 was rolled back and left no trace/);
      expect(result.error?.data).toMatchObject({ sqlstate: '55P03', statement: 'ALTER TABLE items ADD COLUMN z int' });
    } finally {
      await other.end();
    }
    expect(await db.tableExists('alter_first')).toBe(false);
  });

  it('the run time limit cancels the running statement on the server', async () => {
    await project.write({ '000002_slow.sql': '-- +goose Up\nCREATE TABLE slow (id int);\nSELECT pg_sleep(30);\n' });
    const started = Date.now();
    const result = await project.migrator({ applicationName: 'godwit-cancel-test' }).up({ timeoutMs: 700 });
    // far below the statement's 30 s, with room for a busy machine
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.error?.code).toBe('TIMEOUT');
    expect(result.results.map((r) => [r.version, r.status])).toEqual([
      [1, 'applied'],
      [2, 'failed'],
    ]);
    expect(await db.tableExists('slow')).toBe(false);
    const sleeping = await db.query(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep(30)%' AND state = 'active'",
    );
    expect(sleeping).toEqual([]);
  });
});
