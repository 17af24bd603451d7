/**
 * A batched backfill killed half-way (kill -9) and resumed, through the built binary, on
 * PostgreSQL and SQLite (issue 17): 200,000 rows in batches of 5,000. The rerun with
 * `up --resume` starts its count from the rows the store says were done, and executes only the
 * batches the killed run did not commit: on PostgreSQL a statement trigger logs every committed
 * batch's rows (40 of 5,000 in all, none twice); on SQLite the rows done before the kill plus the
 * rerun's batches make exactly 200,000.
 */
import { logEvents, runCli, startCli } from '@godwit/test-kit/cli';
import { perTest } from '@godwit/test-kit/per-test';
import { createTestDatabase, describePostgres } from '@godwit/test-kit/postgres';
import { openSqlite, querySqlite } from '@godwit/test-kit/sqlite';
import { tempDir } from '@godwit/test-kit/temp';
import { waitFor } from '@godwit/test-kit/wait';
import { describe, expect, it } from 'vitest';

const ROWS = 200_000;
const SIZE = 5_000;
const BACKFILL = `-- +goose Up\n-- +godwit BATCH size=${SIZE} delay=50ms\nUPDATE users SET name = fullname WHERE name IS NULL;\n`;

interface Target {
  args: string[];
  cwd: string;
  /** rows of a query on the target database */
  sql<T>(text: string): Promise<T[]>;
  /** resolves once nothing of the killed run can still commit (a server finishes a batch in flight) */
  settled(): Promise<void>;
  /** the store's rows_done, undefined while it cannot be read */
  rowsStored(): Promise<number | undefined>;
}

async function killAndResume(t: Target): Promise<{ doneAtKill: number }> {
  const first = startCli([...t.args, 'up'], { cwd: t.cwd });
  await waitFor('ten batches stored', async () => ((await t.rowsStored()) ?? 0) >= 10 * SIZE);
  first.child.kill('SIGKILL');
  await first.done;
  await t.settled();

  const doneAtKill = Number((await t.sql<{ n: number | string }>('SELECT count(*) AS n FROM users WHERE name IS NOT NULL'))[0]?.n);
  expect(doneAtKill % SIZE).toBe(0); // whole batches only: each one committed on its own
  expect(doneAtKill).toBeLessThan(ROWS);
  const stored = (await t.rowsStored())!;
  // stored after each batch commits: the kill can fall between a batch and its count
  expect(stored === doneAtKill || stored === doneAtKill - SIZE).toBe(true);

  const status = await runCli([...t.args, 'status'], { cwd: t.cwd });
  expect(status.stdout).toMatch(/1\s+backfill\s+dirty/);
  const resumed = await runCli([...t.args, 'up', '--resume'], { cwd: t.cwd });
  expect({ code: resumed.code, stderr: resumed.code ? resumed.stderr : '' }).toEqual({ code: 0, stderr: '' });
  const progress = logEvents(resumed.stderr).filter((e) => e.event === 'batch-progress');
  // the count picks up where the store left it; the rerun only runs the batches not committed
  expect(progress[0]).toMatchObject({ rowsDone: stored, batches: 0, total: stored + (ROWS - doneAtKill) });
  expect(progress.at(-1)).toMatchObject({ finished: true, batches: (ROWS - doneAtKill) / SIZE, rowsDone: stored + ROWS - doneAtKill });
  expect(String(progress[0]?.msg)).toContain('batched backfill:');
  expect(Number((await t.sql<{ n: number | string }>('SELECT count(*) AS n FROM users WHERE name IS NULL'))[0]?.n)).toBe(0);
  const after = JSON.parse((await runCli([...t.args, 'status', '--json'], { cwd: t.cwd })).stdout);
  expect(after).toMatchObject({ current: 1, dirty: false });
  return { doneAtKill };
}

describePostgres('a batched backfill killed and resumed on PostgreSQL', () => {
  const db = perTest(() => createTestDatabase('backfill'), (d) => d.drop());
  const project = perTest(() => tempDir('cli-backfill'), (p) => p.remove());
  it('resumes with the next batch and never redoes a committed one', async () => {
    await db.query(`CREATE TABLE users (id bigint PRIMARY KEY, fullname text NOT NULL, name text);
      INSERT INTO users SELECT i, 'user ' || i, NULL FROM generate_series(1, ${ROWS}) i;
      CREATE TABLE batch_log (id serial PRIMARY KEY, rows int NOT NULL);
      CREATE FUNCTION log_batch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO batch_log (rows) SELECT count(*) FROM changed HAVING count(*) > 0; RETURN NULL; END $$;
      CREATE TRIGGER log_batch AFTER UPDATE ON users REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION log_batch();`);
    await project.write({ 'migrations/000001_backfill.sql': BACKFILL });
    await killAndResume({
      args: ['--database', db.url, '--dir', project.path('migrations')],
      cwd: project.dir,
      sql: async <T>(text: string) => (await db.query(text)) as T[],
      async settled() {
        const others = 'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()';
        await waitFor('the killed run\'s server session to end', async () => (await db.query<{ n: string }>(others))[0]?.n === '0');
      },
      async rowsStored() {
        const rows = await db.query<{ n: string | null }>('SELECT rows_done AS n FROM godwit_migrations WHERE version = 1').catch(() => []);
        return rows[0]?.n == null ? undefined : Number(rows[0].n);
      },
    });
    const batches = await db.query<{ rows: number }>('SELECT rows FROM batch_log');
    expect(batches.length).toBe(ROWS / SIZE);
    expect(batches.every((b) => b.rows === SIZE)).toBe(true);
  }, 180_000);
});

describe('a batched backfill killed and resumed on SQLite', () => {
  const project = perTest(() => tempDir('cli-backfill'), (p) => p.remove());
  it('resumes with the next batch and never redoes a committed one', async () => {
    await project.write({ 'migrations/000001_backfill.sql': BACKFILL });
    const file = project.path('app.db');
    const db = openSqlite(file, { write: true });
    db.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, fullname TEXT NOT NULL, name TEXT);
      WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${ROWS}) INSERT INTO users SELECT i, 'user ' || i, NULL FROM s;`);
    db.close();
    const { doneAtKill } = await killAndResume({
      args: ['--database', 'sqlite:./app.db', '--dir', 'migrations'],
      cwd: project.dir,
      sql: async <T>(text: string) => querySqlite<T>(file, text),
      settled: async () => undefined, // the process was the database: nothing runs on after it
      async rowsStored() {
        try {
          return querySqlite<{ n: number | null }>(file, 'SELECT rows_done AS n FROM godwit_migrations WHERE version = 1')[0]?.n ?? undefined;
        } catch {
          return undefined; // the run holds the file for a moment, or the store is not there yet
        }
      },
    });
    expect(doneAtKill).toBeGreaterThanOrEqual(10 * SIZE);
  }, 180_000);
});
