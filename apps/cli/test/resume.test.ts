/**
 * `godwit up --resume` through the built binary: a 5-statement migration outside a transaction
 * fails at statement 3, the cause is fixed outside the file, and the resumed run sends statements
 * 3-5 only. Statements 1-2 insert rows, so running them twice would show as duplicate rows.
 */
import { runCli } from '@godwit/test-kit/cli';
import { perTest } from '@godwit/test-kit/per-test';
import { createTestDatabase, describePostgres } from '@godwit/test-kit/postgres';
import { tempDir } from '@godwit/test-kit/temp';
import { openSqlite } from '@godwit/test-kit/sqlite';
import { describe, expect, it } from 'vitest';
import { createProject } from './helpers.js';

const FILES = {
  'migrations/000001_audit.sql': '-- +goose Up\nCREATE TABLE audit (n int);\n-- +goose Down\nDROP TABLE audit;\n',
  'migrations/000002_fill.sql':
    '-- +goose NO TRANSACTION\n-- +goose Up\nINSERT INTO audit VALUES (1);\nINSERT INTO audit VALUES (2);\nINSERT INTO needed VALUES (3);\nINSERT INTO audit VALUES (4);\nINSERT INTO audit VALUES (5);\n',
};

interface Target {
  godwit(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  sql<T>(text: string): Promise<T[]>;
}

async function failThenResume(t: Target): Promise<void> {
  const failed = await t.godwit('up');
  expect(failed.code).toBe(1);
  expect(failed.stderr).toContain('000002_fill.sql:5');
  expect(failed.stderr).toContain('godwit up --resume');

  const status = await t.godwit('status');
  expect(status.stdout).toMatch(/2\s+fill\s+dirty \(statement 3 of 5\)/);
  expect(status.stdout).toContain('dirty at 2, statement 3 of 5');
  const json = JSON.parse((await t.godwit('status', '--json')).stdout);
  expect(json.migrations[1]).toMatchObject({ version: 2, state: 'dirty', statementsDone: 2, statements: 5 });

  // The cause, fixed by hand: the missing table now exists.
  await t.sql('CREATE TABLE needed (n int)');
  const dry = await t.godwit('up', '--resume', '--dry-run');
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain('INSERT INTO needed VALUES (3)');
  expect(dry.stdout).not.toContain('INSERT INTO audit VALUES (1)');
  expect(await t.sql('SELECT n FROM needed')).toEqual([]);

  const resumed = await t.godwit('up', '--resume');
  expect({ code: resumed.code, stderr: resumed.code ? resumed.stderr : '' }).toEqual({ code: 0, stderr: '' });
  expect(resumed.stdout + resumed.stderr).toContain('resumed at statement 3 of 5');
  const audit = (await t.sql<{ n: number | string }>('SELECT n FROM audit ORDER BY n')).map((r) => Number(r.n));
  expect(audit).toEqual([1, 2, 4, 5]);
  expect((await t.sql<{ n: number | string }>('SELECT n FROM needed')).map((r) => Number(r.n))).toEqual([3]);
  const after = JSON.parse((await t.godwit('status', '--json')).stdout);
  expect(after).toMatchObject({ current: 2, dirty: false });
  expect(after.migrations[1]).toEqual({ version: 2, name: 'fill', state: 'applied', appliedAt: expect.any(String) });
}

describe('up --resume on SQLite', () => {
  const project = perTest(createProject, (p) => p.remove());
  it('continues at the failed statement once its cause is fixed', async () => {
    for (const [path, text] of Object.entries(FILES)) await project.write(path, text);
    await failThenResume({ godwit: project.godwit, sql: async (text) => sqlite(project.dbFile, text) });
  });
});

describePostgres('up --resume on PostgreSQL', () => {
  const db = perTest(() => createTestDatabase('resume'), (d) => d.drop());
  const project = perTest(() => tempDir('cli-resume'), (p) => p.remove());
  it('continues at the failed statement once its cause is fixed', async () => {
    await project.write(FILES);
    await failThenResume({
      godwit: (...args) => runCli(['--database', db.url, '--dir', project.path('migrations'), ...args], { cwd: project.dir }),
      sql: async <T>(text: string) => (await db.query(text)) as T[],
    });
  });
});

/** One statement on a SQLite file, written: rows for a query, [] for anything else. */
function sqlite<T>(file: string, text: string): T[] {
  const db = openSqlite(file, { write: true });
  try {
    const statement = db.prepare(text) as ReturnType<typeof db.prepare> & { reader?: boolean };
    if (statement.reader) return statement.all() as T[];
    statement.run();
    return [];
  } finally {
    db.close();
  }
}
