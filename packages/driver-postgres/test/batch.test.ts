/**
 * Batched backfills on a real server (issue 17): a 200,000-row UPDATE marked
 * `-- +godwit BATCH size=5000` runs as 40 batches of its own transaction each. A second
 * connection watches the row locks (pgrowlocks, which reads them without taking any) for the whole
 * run and never sees a transaction hold more than 5,000; a statement-level trigger logs the rows of every committed
 * batch, which is how the batches are counted.
 */
import { createMigrator, type GodwitEvent } from '@godwit/core';
import { describePostgres } from '@godwit/test-kit/postgres';
import { expect, it } from 'vitest';
import { perTestProject } from './support/project.js';

const ROWS = 200_000;
const SIZE = 5_000;

/** users with fullname set and name missing, and a log of each batch's rows (empty batches not logged) */
export const USERS_SQL = `
CREATE TABLE users (id bigint PRIMARY KEY, fullname text NOT NULL, name text);
INSERT INTO users SELECT i, 'user ' || i, NULL FROM generate_series(1, ${ROWS}) i;
CREATE TABLE batch_log (id serial PRIMARY KEY, rows int NOT NULL);
CREATE FUNCTION log_batch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO batch_log (rows) SELECT count(*) FROM changed HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER log_batch AFTER UPDATE ON users REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION log_batch();
CREATE EXTENSION IF NOT EXISTS pgrowlocks;
ANALYZE users;
`;

const BACKFILL = `-- +goose Up\n-- +godwit BATCH size=${SIZE}\nUPDATE users SET name = fullname WHERE name IS NULL;\n`;

describePostgres('batched backfills', () => {
  const { db, project } = perTestProject('batch', {}, (d) => d.query(USERS_SQL));

  it(`updates ${ROWS} rows in batches of ${SIZE}, never holding more than ${SIZE} row locks`, async () => {
    await project.write({ '000001_backfill.sql': BACKFILL });
    const events: GodwitEvent[] = [];
    const migrator = createMigrator({ driver: project.driver(), dir: project.dir, appliedBy: 'test@host', onEvent: (e) => events.push(e) });

    // The watcher: row locks per locking transaction, sampled back to back until the run ends.
    // Per transaction, because one pgrowlocks scan is not one instant: a scan that overlaps two
    // batches sees the end of one and the start of the next (each batch is its own transaction).
    let running = true;
    const samples: number[] = [];
    const watch = (async () => {
      while (running) {
        const rows = await db.query<{ n: string }>('SELECT count(*) AS n FROM pgrowlocks($$users$$) GROUP BY locker');
        samples.push(Math.max(0, ...rows.map((r) => Number(r.n))));
      }
    })();
    const dry = await migrator.up({ dryRun: true });
    expect(dry.results[0]).toMatchObject({ transactional: false, note: expect.stringContaining('1 batched backfill(s)') });
    const result = await migrator.up();
    running = false;
    await watch;

    expect(result.error?.message).toBeUndefined();
    expect((await db.query<{ n: string }>('SELECT count(*) AS n FROM users WHERE name IS DISTINCT FROM fullname'))[0]?.n).toBe('0');
    const batches = await db.query<{ rows: number }>('SELECT rows FROM batch_log ORDER BY id');
    expect(batches.length).toBe(ROWS / SIZE);
    expect(batches.every((b) => b.rows === SIZE)).toBe(true);

    expect(Math.max(...samples)).toBeLessThanOrEqual(SIZE);
    expect(samples.some((n) => n > 0)).toBe(true); // the watcher did see batches at work

    const progress = events.filter((e): e is Extract<GodwitEvent, { event: 'batch-progress' }> => e.event === 'batch-progress');
    expect(progress[0]).toMatchObject({ version: 1, rowsDone: 0, total: ROWS, batches: 0, finished: false });
    expect(progress.at(-1)).toMatchObject({ rowsDone: ROWS, batches: ROWS / SIZE, finished: true });
    const [history] = await migrator.history({ limit: 1 });
    expect(history?.note).toBe(`batched: ${ROWS} row(s) touched (${ROWS / SIZE} batch(es) in this run)`);
    expect((await db.query('SELECT dirty, rows_done FROM godwit_migrations'))[0]).toEqual({ dirty: false, rows_done: null });
  });

  it('refuses a statement it cannot batch before anything runs, naming the file line', async () => {
    await project.write({
      '000001_ok.sql': '-- +goose Up\nCREATE TABLE marker (n int);\n',
      '000002_bad.sql': '-- +goose Up\n-- +godwit BATCH size=10\nUPDATE users SET name = fullname;\n',
    });
    const result = await project.migrator().up();
    expect(result.error).toMatchObject({ code: 'PARSE_ERROR', line: 3 });
    expect(result.error?.message).toContain('needs a WHERE');
    expect(await db.tableExists('marker')).toBe(false);
  });

  it('refuses a batch under --single-transaction', async () => {
    await project.write({ '000001_backfill.sql': BACKFILL });
    const result = await project.migrator({ singleTransaction: true }).up();
    expect(result.error).toMatchObject({ code: 'NOT_IN_TRANSACTION', line: 2 });
  });
});
