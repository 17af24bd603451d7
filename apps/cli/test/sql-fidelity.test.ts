/**
 * SQL execution fidelity through the CLI (issue 11, items 7-9): real files, real databases.
 * - validate --driver postgres|sqlite with no database checks every statement with that
 *   database's own parser and reports file:line:column;
 * - a whole-file BEGIN ... COMMIT on PostgreSQL is atomic with its version row; a multi-block file
 *   keeps its finished blocks and records how many;
 * - a failing statement inside a StatementBegin/End block is reported at its own line.
 */
import { perTest } from '@godwit/test-kit/per-test';
import { createTestDatabase, describePostgres } from '@godwit/test-kit/postgres';
import { describe, expect, it } from 'vitest';
import { parseJson, projectPerTest } from './helpers.js';

const project = projectPerTest();

/** The `godwit: error:` lines of stderr, without the prefix. */
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('godwit: error: ')).map((l) => l.slice(15));

describe('validate without a database, told the driver', () => {
  const files = async () => {
    await project.write('migrations/000001_bad.sql', '-- +goose Up\nCREATE TABLE t (id int;\n');
    await project.write('migrations/000002_index.up.sql', 'SELECT 1;\n  CREATE INDEX CONCURRENTLY t_id ON t (id);\n');
    await project.write('migrations/000003_fine.sql', '-- +goose Up\nCREATE TABLE fine (id int);\n');
  };
  const validate = (...args: string[]) => project.raw(['validate', '--dir', 'migrations', ...args], { DATABASE_URL: undefined });

  it('files only, as before, when no driver is named', async () => {
    await files();
    const r = await validate();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('files only');
  });

  it('--driver postgres: syntax errors and CONCURRENTLY in a transaction, at file:line:column', async () => {
    await files();
    const r = await validate('--driver', 'postgres');
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      'migrations/000001_bad.sql:2:23: syntax error at or near ";"',
      'migrations/000002_index.up.sql:2:3: CREATE INDEX CONCURRENTLY cannot run inside a transaction, and this migration runs in one',
    ]);
    expect(r.stdout).toContain('SQL checked with the PostgreSQL parser');
    const json = parseJson((await validate('--driver', 'postgres', '--json')).stdout);
    expect(json.problems[0]).toMatchObject({ code: 'PARSE_ERROR', line: 2, column: 23 });
    expect(json.database).toBe(false);
  });

  it('--driver sqlite: SQLite parser errors, no database file made', async () => {
    await files();
    const r = await validate('--driver', 'sqlite');
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)[0]).toMatch(/^migrations\/000001_bad\.sql:2:23: incomplete input/);
    expect(project.userTables()).toEqual([]);
  });

  it('an unknown driver is bad usage (exit 2), naming the valid ones', async () => {
    const r = await validate('--driver', 'oracle');
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual(['unknown driver "oracle"; valid names: postgres (postgresql, pg), sqlite (sqlite3), mongodb (mongo)']);
  });
});

describePostgres('PostgreSQL: blocks and own transactions through the CLI', () => {
  const db = perTest(() => createTestDatabase('fidelity'), (d) => d.drop());
  const up = () => project.raw(['up', '--database', db.url, '--dir', 'migrations']);
  const record = () => db.query<{ dirty: boolean; statements_done: number | null }>('SELECT dirty, statements_done FROM godwit_migrations WHERE version = 2');

  it('a failing statement in a StatementBegin/End block is reported at its line', async () => {
    await project.write(
      'migrations/000001_block.sql',
      '-- +goose Up\nCREATE TABLE t1 (id int);\n-- +goose StatementBegin\nINSERT INTO t1 VALUES (1);\nINSERT INTO t1 (nope) VALUES (2);\n-- +goose StatementEnd\n',
    );
    const r = await up();
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual(['migrations/000001_block.sql:5:17: column "nope" of relation "t1" does not exist']);
  });

  it('a whole-file BEGIN ... COMMIT failing half-way leaves nothing applied and no dirty record', async () => {
    await project.write('migrations/000001_t.sql', '-- +goose Up\nCREATE TABLE t (id int PRIMARY KEY);\n');
    await project.write('migrations/000002_whole.up.sql', 'BEGIN;\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (1);\nCOMMIT;\n');
    const r = await up();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rolled back and left no trace');
    expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 0 }]);
    expect(await record()).toEqual([]);
  });

  it('a multi-block file failing in block 2 keeps block 1, dirty with statementsDone 1', async () => {
    await project.write('migrations/000001_t.sql', '-- +goose Up\nCREATE TABLE t (id int PRIMARY KEY);\n');
    await project.write(
      'migrations/000002_blocks.up.sql',
      'BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\nBEGIN;\nINSERT INTO t VALUES (2);\nINSERT INTO t VALUES (1);\nCOMMIT;\n',
    );
    const r = await up();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stopped after 1 of 2 statement(s)');
    expect(await db.query('SELECT id FROM t ORDER BY id')).toEqual([{ id: 1 }]);
    expect(await record()).toEqual([{ dirty: true, statements_done: 1 }]);
  });
});
