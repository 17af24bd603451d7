/**
 * Proof on real databases through the built binary: `godwit test` (a round trip per migration on
 * a scratch database, and the repository's sample migrations/), `godwit diff`, `godwit drift` and
 * `status --check-drift`, on SQLite files, PostgreSQL and the MongoDB-protocol server.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@godwit/test-kit/cli';
import { describeMongo, freshDatabase, urlFor as mongoUrlFor } from '@godwit/test-kit/mongodb';
import { createTestDatabase, describePostgres, PG_BASE, urlFor } from '@godwit/test-kit/postgres';
import { openSqlite } from '@godwit/test-kit/sqlite';
import { type TempDir, tempDir } from '@godwit/test-kit/temp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SAMPLES = fileURLToPath(new URL('../../../migrations/', import.meta.url));
const T1 = '-- +goose Up\nCREATE TABLE t (id INTEGER);\n-- +goose Down\nDROP TABLE t;\n';
const FAULTY = '-- +goose Up\nALTER TABLE t ADD COLUMN note TEXT;\nCREATE INDEX t_note ON t (note);\n-- +goose Down\nDROP INDEX t_note;\n';

describe('godwit test, diff and drift on SQLite', () => {
  let project: TempDir;
  beforeEach(async () => {
    project = await tempDir('cli-prove', { 'migrations/00001_t.sql': T1 });
  });
  afterEach(() => project.remove());
  const godwit = (...args: string[]) => runCli(['--dir', 'migrations', '--database', 'sqlite:./app.db', ...args], { cwd: project.dir });
  const exec = (file: string, sql: string) => {
    const db = openSqlite(join(project.dir, file), { write: true });
    db.exec(sql);
    db.close();
  };

  it('test proves a good migration and never touches the database given', async () => {
    const run = await godwit('test');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^00001_t +ok +\d+ ms$/m);
    expect(run.stdout).toMatch(/^1 round trip proved on sqlite:.*scratch\.db \(dropped\), in \d+ ms$/m);
    expect(readdirSync(project.dir)).not.toContain('app.db');
  });

  it('test catches a faulty down with the exact difference and the down file (exit 1, --json too)', async () => {
    await project.write({ 'migrations/00002_note.sql': FAULTY });
    const run = await godwit('test');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('00002_note  FAILED: its down did not restore the schema');
    expect(run.stdout).toContain('    + column t.note TEXT\n');
    expect(run.stderr).toContain('godwit: error: migrations/00002_note.sql: migration 2 (00002_note): its down did not restore the schema: 1 difference');
    const json = JSON.parse((await godwit('test', '--json')).stdout);
    expect(json.ok).toBe(false);
    expect(json.migrations[1]).toMatchObject({
      version: 2,
      status: 'failed',
      stage: 'restore',
      downFile: 'migrations/00002_note.sql',
      changes: [{ change: 'added', type: 'column', name: 't.note', after: 'TEXT', text: '+ column t.note TEXT' }],
    });
  });

  it('test --from starts the round trips later; a bad --from is bad usage', async () => {
    await project.write({ 'migrations/00002_note.sql': FAULTY.replace('DROP INDEX t_note;', 'DROP INDEX t_note;\nALTER TABLE t DROP COLUMN note;') });
    const json = JSON.parse((await godwit('test', '--from', '2', '--json')).stdout);
    expect(json.migrations.map((m: { status: string }) => m.status)).toEqual(['applied', 'ok']);
    const bad = await godwit('test', '--from', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('test --from: "x" is not a version');
  });

  it('drift: none after up, then a hand-made index is listed (exit 1); status --check-drift says so', async () => {
    expect((await godwit('up')).code).toBe(0);
    const clean = await godwit('drift');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^no drift: the schema is the snapshot recorded at version 1/);
    exec('app.db', 'CREATE INDEX by_hand ON t (id)');
    const drift = await godwit('drift');
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('  + index t.by_hand ON t (id)\n');
    expect(drift.stderr).toContain('godwit: error: the schema drifted: 1 change made outside migrations');
    const status = await godwit('status', '--check-drift');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('drift: 1 change (run godwit drift)\n');
    const check = await godwit('status', '--check', '--check-drift', '--json');
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({ drift: { drift: true }, check: { ok: false } });
    // The config can ask for it: `"checkDrift": true` in the environment makes `status --check` fail on drift.
    expect((await godwit('status', '--check')).code).toBe(0);
    await project.write({ 'godwit.config.json': JSON.stringify({ environments: { prod: { checkDrift: true } } }) });
    const configured = await godwit('status', '--check', '--env', 'prod');
    expect(configured.code).toBe(1);
    expect(configured.stdout).toContain('drift: 1 change (run godwit drift)\n');
  });

  it('drift before any snapshot was recorded is an error that says how to record one', async () => {
    const run = await godwit('drift');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no schema snapshot is recorded');
    expect(run.stderr).toContain('godwit: hint: godwit up records one');
  });

  it('diff: equal files exit 0; an added index and a changed column type exit 1', async () => {
    exec('a.db', 'CREATE TABLE t (id INTEGER, note TEXT)');
    exec('b.db', 'CREATE TABLE t (id INTEGER, note TEXT)');
    const same = await runCli(['diff', 'sqlite:./a.db', 'sqlite:./b.db'], { cwd: project.dir });
    expect(same.code).toBe(0);
    expect(same.stdout).toBe('the schemas are equal (3 objects)\n');
    exec('b.db', 'CREATE INDEX t_note ON t (note); ALTER TABLE t DROP COLUMN id; ALTER TABLE t ADD COLUMN id BIGINT');
    const differ = await runCli(['diff', 'sqlite:./a.db', 'sqlite:./b.db'], { cwd: project.dir });
    expect(differ.code).toBe(1);
    expect(differ.stdout).toBe('--- sqlite:./a.db\n+++ sqlite:./b.db\n~ column t.id: INTEGER -> BIGINT\n+ index t.t_note ON t (note)\n');
  });
});

describePostgres('godwit test, diff and drift on PostgreSQL', () => {
  it('test catches a faulty down on a scratch database; diff and drift see a changed type and a hand-made index', async () => {
    const db = await createTestDatabase('cli_prove');
    const other = await createTestDatabase('cli_prove_b');
    const project = await tempDir('cli-prove-pg', { 'migrations/00001_t.sql': T1.replace('INTEGER', 'int'), 'migrations/00002_note.sql': FAULTY });
    try {
      const godwit = (...args: string[]) => runCli(['--dir', 'migrations', '--database', db.url, ...args], { cwd: project.dir });
      const test = await godwit('test');
      expect(test.code).toBe(1);
      expect(test.stdout).toContain('    + column t.note text\n');
      await project.write({ 'migrations/00002_note.sql': FAULTY.replace('DROP INDEX t_note;', 'DROP INDEX t_note;\nALTER TABLE t DROP COLUMN note;') });
      expect((await godwit('test')).code).toBe(0);
      expect((await godwit('up')).code).toBe(0);
      await db.query('CREATE INDEX by_hand ON t (id)');
      const drift = await godwit('drift');
      expect(drift.stdout).toContain('  + index by_hand ON t USING btree (id)\n');
      await other.query('CREATE TABLE t (id bigint, note text); CREATE INDEX t_note ON t (note)');
      const diff = await runCli(['diff', other.url, db.url], { cwd: project.dir });
      expect(diff.code).toBe(1);
      expect(diff.stdout).toContain('~ column t.id: bigint -> integer\n+ index by_hand ON t USING btree (id)\n');
    } finally {
      await project.remove();
      await db.drop();
      await other.drop();
    }
  });

  it.each(readdirSync(SAMPLES).filter((d) => d.startsWith('postgres-')))('godwit test passes on the sample migrations/%s', async (folder) => {
    const run = await runCli(['--dir', join(SAMPLES, folder), '--database', urlFor('postgres', PG_BASE), 'test'], { cwd: SAMPLES });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});

/** `godwit test` on a sample folder; the database given is only where the scratch one is made beside. */
async function provesSample(folder: string, database: string): Promise<void> {
  const cwd = await tempDir('cli-prove-samples');
  try {
    const run = await runCli(['--dir', join(SAMPLES, folder), '--database', database, 'test'], { cwd: cwd.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readdirSync(cwd.dir)).toEqual([]);
  } finally {
    await cwd.remove();
  }
}

describe('godwit test on the sample SQLite migrations', () => {
  it.each(readdirSync(SAMPLES).filter((d) => d.startsWith('sqlite-')))('passes on migrations/%s', (folder) => provesSample(folder, 'sqlite:./never-written.db'));
});

// describeMongo: under CI a missing server is a failure, never a silent skip.
describeMongo('godwit test on the sample MongoDB migrations', () => {
  it.each(readdirSync(SAMPLES).filter((d) => d.startsWith('mongo-')))('passes on migrations/%s', (folder) =>
    provesSample(folder, mongoUrlFor(`godwit_cli_prove_${process.pid}`)),
  );
});

describeMongo('godwit test, diff and drift on MongoDB', () => {
  const CREATE = '[\n  { "create": "events" }\n]\n';
  const DROP = '[\n  { "drop": "events" }\n]\n';
  const INDEX = '[\n  { "createIndexes": "events", "indexes": [{ "key": { "at": 1 }, "name": "events_at" }] }\n]\n';
  // The faulty down forgets the index: it must drop it.
  const FORGETFUL = '[\n  { "ping": 1 }\n]\n';

  it('test catches a down that leaves an index behind; drift sees a hand-made index; diff an added index', async () => {
    const db = await freshDatabase('godwit_cli_prove');
    const other = await freshDatabase('godwit_cli_prove_b');
    const project = await tempDir('cli-prove-mongo', {
      'migrations/00001_events.up.json': CREATE,
      'migrations/00001_events.down.json': DROP,
      'migrations/00002_events_at.up.json': INDEX,
      'migrations/00002_events_at.down.json': FORGETFUL,
    });
    try {
      const godwit = (...args: string[]) => runCli(['--dir', 'migrations', '--database', db.url, ...args], { cwd: project.dir });
      const test = await godwit('test');
      expect(test.code).toBe(1);
      expect(test.stdout).toContain('00002_events_at  FAILED: its down did not restore the schema');
      expect(test.stdout).toMatch(/\+ index events\.events_at/);
      expect(await db.collections()).toEqual([]); // the scratch database was another one

      await project.write({ 'migrations/00002_events_at.down.json': '[\n  { "dropIndexes": "events", "index": "events_at" }\n]\n' });
      expect((await godwit('test')).code).toBe(0);
      expect((await godwit('up')).code).toBe(0);
      expect((await godwit('drift')).code).toBe(0);
      await db.db.collection('events').createIndex({ kind: 1 }, { name: 'by_hand' });
      const drift = await godwit('drift');
      expect(drift.code).toBe(1);
      expect(drift.stdout).toMatch(/\+ index events\.by_hand/);

      await other.db.createCollection('events');
      const diff = await runCli(['diff', other.url, db.url], { cwd: project.dir });
      expect(diff.code).toBe(1);
      expect(diff.stdout).toMatch(/\+ index events\.events_at/);
      expect(diff.stdout).toMatch(/\+ index events\.by_hand/);
    } finally {
      await project.remove();
      await db.drop();
      await other.drop();
    }
  });
});

describePostgres('godwit rehearse on PostgreSQL', () => {
  const ORDERS = '-- +goose Up\nCREATE TABLE orders (id int);\nINSERT INTO orders SELECT generate_series(1, 10);\n-- +goose Down\nDROP TABLE orders;\n';
  const NOTE = "-- +goose Up\nALTER TABLE orders ADD COLUMN note text;\nUPDATE orders SET note = 'x' WHERE id < 4;\n-- +goose Down\nALTER TABLE orders DROP COLUMN note;\n";
  const CONCURRENT = '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY orders_id ON orders (id);\n-- +goose Down\nDROP INDEX orders_id;\n';

  it('reports ACCESS EXCLUSIVE for an ALTER TABLE and the rows changed, skips CONCURRENTLY, and leaves schema and store byte-identical', async () => {
    const db = await createTestDatabase('cli_rehearse');
    const project = await tempDir('cli-rehearse', { 'migrations/00001_orders.sql': ORDERS, 'migrations/00002_note.sql': NOTE, 'migrations/00003_idx.sql': CONCURRENT });
    try {
      const godwit = (...args: string[]) => runCli(['--dir', 'migrations', '--database', db.url, ...args], { cwd: project.dir });
      expect((await godwit('up-to', '1')).code).toBe(0);
      const state = async () =>
        JSON.stringify([
          await db.query("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2"),
          await db.query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"),
          await db.query('SELECT * FROM godwit_migrations ORDER BY version'),
          await db.query('SELECT * FROM godwit_migrations_history ORDER BY id'),
          await db.query('SELECT * FROM godwit_migrations_snapshots ORDER BY id'),
          await db.query('SELECT * FROM orders ORDER BY id'),
        ]);
      const before = await state();
      const run = await godwit('rehearse', '--lock-timeout', '5s', '--json');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report).toMatchObject({ ok: true, unchanged: true });
      expect(report.migrations[0]).toMatchObject({ version: 2, status: 'rehearsed', rows: 3 });
      expect(report.migrations[0].locks).toContain('ACCESS EXCLUSIVE on orders');
      expect(report.migrations[1]).toMatchObject({ version: 3, status: 'skipped' });
      expect(report.migrations[1].reason).toContain('NO TRANSACTION');
      expect(await state()).toBe(before);
      const text = await godwit('rehearse');
      expect(text.stdout).toMatch(/^00002_note +ok +\d+ ms +ACCESS EXCLUSIVE on orders, ROW EXCLUSIVE on orders +3$/m);
      expect(text.stdout).toContain('rolled back: the schema and the store are as they were');
    } finally {
      await project.remove();
      await db.drop();
    }
  });

  it('a failing migration is reported with its file and line, and rolled back', async () => {
    const db = await createTestDatabase('cli_rehearse_fail');
    const project = await tempDir('cli-rehearse-fail', { 'migrations/00001_orders.sql': ORDERS, 'migrations/00002_bad.sql': '-- +goose Up\nALTER TABLE nowhere ADD COLUMN x int;\n' });
    try {
      const run = await runCli(['--dir', 'migrations', '--database', db.url, 'rehearse'], { cwd: project.dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^00002_bad +FAILED/m);
      expect(run.stderr).toContain('migrations/00002_bad.sql:2');
      expect(run.stderr).toContain('relation "nowhere" does not exist');
      expect(await db.tableExists('orders')).toBe(false);
    } finally {
      await project.remove();
      await db.drop();
    }
  });
});

describe('godwit rehearse on SQLite and MongoDB', () => {
  it('SQLite: rehearses and rolls back', async () => {
    const project = await tempDir('cli-rehearse-sqlite', { 'migrations/00001_t.sql': T1 });
    try {
      const run = await runCli(['--dir', 'migrations', '--database', 'sqlite:./app.db', 'rehearse', '--json'], { cwd: project.dir });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, unchanged: true, migrations: [{ version: 1, status: 'rehearsed' }] });
      const status = JSON.parse((await runCli(['--dir', 'migrations', '--database', 'sqlite:./app.db', 'status', '--json'], { cwd: project.dir })).stdout);
      expect(status.current).toBe(0);
    } finally {
      await project.remove();
    }
  });

  it('MongoDB is refused with a pointer to godwit test (no transactional DDL), before connecting', async () => {
    const run = await runCli(['--dir', SAMPLES, '--database', 'mongodb://127.0.0.1:1/x', 'rehearse'], { cwd: SAMPLES });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('godwit: error: mongodb has no transactional DDL, so a migration cannot be run and rolled back there');
    expect(run.stderr).toContain('godwit: hint: godwit test proves the migrations on a scratch database instead');
  });
});
