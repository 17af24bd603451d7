import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApplyContext, applyStep, type Driver, type GodwitError, type PreparedStep } from '@godwit/core';
import { applyContext, inspect, type SqlMigrationSpec, sqlMigration, tables, tempDir } from '../__fixtures__/steps.js';
import { createSqliteDriver } from '../driver.js';

let tmp: ReturnType<typeof tempDir>;
let path: string;
const drivers: Driver[] = [];

/** One step through core's step protocol, the way the runner sends it. */
function apply(d: Driver, step: PreparedStep, ctx: ApplyContext) {
  return applyStep({ driver: d, step, ctx, previousVersion: 0, earlierInRun: 0 });
}
function driver(): Driver {
  const d = createSqliteDriver({ path });
  drivers.push(d);
  return d;
}
async function step(d: Driver, spec: SqlMigrationSpec, direction: 'up' | 'down' = 'up'): Promise<PreparedStep> {
  const { migration, loaded } = sqlMigration(spec);
  return d.prepare(migration, loaded, direction);
}
const userTables = () => tables(path).filter((t) => !t.startsWith('godwit_'));
const rows = (table: string) => inspect(path, (db) => db.prepare(`SELECT * FROM ${table}`).all());

beforeEach(() => {
  tmp = tempDir();
  path = tmp.path();
});
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.close();
  tmp.cleanup();
});

const create = {
  version: 1,
  name: 'create_people',
  up: "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT);\nINSERT INTO people (name) VALUES ('ada');\nSELECT count(*) FROM people;\n",
  down: 'DROP TABLE people;\n',
};

describe('transactional steps', () => {
  it('applies up and down with their store and history rows', async () => {
    const d = driver();
    const result = await apply(d, await step(d, create), applyContext());
    expect(result.status).toBe('applied');
    expect(result.executionMs).toBeGreaterThanOrEqual(0);
    expect(userTables()).toEqual(['people']);
    expect(rows('people')).toEqual([{ id: 1, name: 'ada' }]);
    const [record] = await d.store.applied();
    expect(record).toMatchObject({ version: 1, name: 'create_people', checksum: 'checksum-1', dirty: false, appliedBy: 'tester@test-host' });

    await apply(d, await step(d, create, 'down'), applyContext());
    expect(userTables()).toEqual([]);
    expect(await d.store.applied()).toEqual([]);
    const history = await d.store.history();
    expect(history.map((h) => [h.version, h.direction, h.success, h.error])).toEqual([
      [1, 'down', true, null],
      [1, 'up', true, null],
    ]);
    expect(history[1]).toMatchObject({ name: 'create_people', appliedBy: 'tester@test-host', toolVersion: 'godwit/test' });
    expect(history[1]?.finishedAt).toBeInstanceOf(Date);
  });

  it('rolls back every statement of a failing migration and reports file:line:col with SQLite\'s message', async () => {
    const d = driver();
    await apply(d, await step(d, create), applyContext());
    const bad = await step(d, {
      version: 3,
      name: 'bad',
      up: "CREATE TABLE pets (id INTEGER);\nINSERT INTO people (name) VALUES ('bob');\nINSERT INTO nowhere VALUES (1);\n",
      upLine: 2,
    });
    const error = (await apply(d, bad, applyContext()).catch((e: unknown) => e)) as GodwitError;
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.toString()).toBe('migrations/sqlite-test/000003_bad.sql:4:1: no such table: nowhere');
    expect(error.hint).toMatch(/rolled back and left no trace/);
    expect(error.version).toBe(3);
    // nothing of migration 3 remains: no table, no row it inserted, no store row
    expect(userTables()).toEqual(['people']);
    expect(rows('people')).toEqual([{ id: 1, name: 'ada' }]);
    expect((await d.store.applied()).map((r) => r.version)).toEqual([1]);
    // but the audit trail keeps the failure
    const [failed] = await d.store.history();
    expect(failed).toMatchObject({ version: 3, direction: 'up', success: false });
    expect(failed?.error).toContain('no such table: nowhere');
    expect(failed?.finishedAt).toBeInstanceOf(Date);
  });

  it('a failing down leaves the migration applied', async () => {
    const d = driver();
    await apply(d, await step(d, create), applyContext());
    const badDown = await step(d, { ...create, down: 'DELETE FROM people;\nDROP TABLE no_such_table;\n', downLine: 8 }, 'down');
    await expect(apply(d, badDown, applyContext())).rejects.toMatchObject({ code: 'MIGRATION_FAILED', line: 9, column: 1 });
    expect(rows('people')).toHaveLength(1);
    expect((await d.store.applied()).map((r) => r.version)).toEqual([1]);
  });

  it('runs a trigger with BEGIN ... END inside the migration transaction', async () => {
    const d = driver();
    const s = await step(d, {
      version: 1,
      up: 'CREATE TABLE t (n INTEGER, touched INTEGER DEFAULT 0);\nCREATE TRIGGER t_touch AFTER UPDATE OF n ON t BEGIN\n  UPDATE t SET touched = touched + 1 WHERE rowid = NEW.rowid;\nEND;\nINSERT INTO t (n) VALUES (1);\nUPDATE t SET n = 2;\n',
    });
    expect(s.transactional).toBe(true);
    await apply(d, s, applyContext());
    expect(rows('t')).toEqual([{ n: 2, touched: 1 }]);
  });

  it('stops between statements when the signal fires, and rolls back', async () => {
    const d = driver();
    const controller = new AbortController();
    const running = apply(d, await step(d, create), applyContext({ signal: controller.signal }));
    controller.abort(); // the step yields to the event loop before each statement
    await expect(running).rejects.toMatchObject({ code: 'ABORTED', version: 1 });
    expect(userTables()).toEqual([]);
    expect(await d.store.applied()).toEqual([]);
    expect((await d.store.history())[0]).toMatchObject({ version: 1, success: false });
  });

  it('does nothing for an already aborted signal', async () => {
    const d = driver();
    const controller = new AbortController();
    controller.abort();
    await expect(apply(d, await step(d, create), applyContext({ signal: controller.signal }))).rejects.toMatchObject({ code: 'ABORTED' });
    expect(await d.store.history()).toEqual([]);
  });
});

describe('steps outside a transaction', () => {
  const noTx = { ...create, noTransaction: true };

  it('records dirty first, then clean; down deletes the row', async () => {
    const d = driver();
    const s = await step(d, noTx);
    expect(s.transactional).toBe(false);
    await apply(d, s, applyContext());
    expect(await d.store.applied()).toMatchObject([{ version: 1, dirty: false }]);
    const [up] = await d.store.history();
    expect(up).toMatchObject({ version: 1, direction: 'up', success: true, error: null });
    expect(up?.finishedAt).toBeInstanceOf(Date);
    expect(up?.executionMs).toBeGreaterThanOrEqual(0);

    await apply(d, await step(d, noTx, 'down'), applyContext());
    expect(userTables()).toEqual([]);
    expect(await d.store.applied()).toEqual([]);
    expect((await d.store.history()).map((h) => [h.direction, h.success])).toEqual([
      ['down', true],
      ['up', true],
    ]);
  });

  it('a failed statement leaves what ran before it, the row dirty, and says to force', async () => {
    const d = driver();
    const s = await step(d, {
      version: 2,
      name: 'half',
      noTransaction: true,
      up: 'CREATE TABLE first (id INTEGER);\nCREATE TABLE second (id INTEGER);\nINSERT INTO missing VALUES (1);\nCREATE TABLE third (id INTEGER);\n',
    });
    const error = (await apply(d, s, applyContext()).catch((e: unknown) => e)) as GodwitError;
    expect(error).toMatchObject({ code: 'MIGRATION_FAILED', file: s.migration.file, line: 4, column: 1 });
    expect(error.message).toBe('no such table: missing');
    expect(error.hint).toContain('godwit force');
    expect(userTables()).toEqual(['first', 'second']);
    expect(await d.store.applied()).toMatchObject([{ version: 2, dirty: true }]);
    const [h] = await d.store.history();
    expect(h).toMatchObject({ version: 2, success: false });
    expect(h?.finishedAt).toBeInstanceOf(Date);
    expect(h?.error).toContain('no such table: missing');
  });

  it('runs a whole-file BEGIN ... COMMIT in our transaction with the version row', async () => {
    const d = driver();
    const s = await step(d, {
      version: 1,
      up: "BEGIN;\nCREATE TABLE own (id INTEGER);\nINSERT INTO own VALUES (1);\nCOMMIT;\n",
    });
    expect(s.transactional).toBe(true);
    await apply(d, s, applyContext());
    expect(rows('own')).toEqual([{ id: 1 }]);
    expect(await d.store.applied()).toMatchObject([{ version: 1, dirty: false }]);
  });

  it('a whole-file block failing half-way leaves nothing applied and nothing dirty', async () => {
    const d = driver();
    const s = await step(d, { version: 1, up: 'BEGIN;\nCREATE TABLE own (id INTEGER);\nINSERT INTO nope VALUES (1);\nCOMMIT;\n' });
    await expect(apply(d, s, applyContext())).rejects.toMatchObject({ code: 'MIGRATION_FAILED', line: 4 });
    expect(userTables()).toEqual([]);
    expect(await d.store.applied()).toEqual([]);
  });

  it('a multi-block file failing in block 2 keeps block 1, dirty with 1 unit done', async () => {
    const d = driver();
    const s = await step(d, {
      version: 1,
      up: 'BEGIN;\nCREATE TABLE one (id INTEGER);\nCOMMIT;\nBEGIN;\nCREATE TABLE two (id INTEGER);\nINSERT INTO nope VALUES (1);\nCOMMIT;\n',
    });
    const error = (await apply(d, s, applyContext()).catch((e: unknown) => e)) as GodwitError;
    // SQLite gives no position: the block's first line.
    expect(error).toMatchObject({ code: 'MIGRATION_FAILED', line: 5, column: 1 });
    expect(error.data).toMatchObject({ statementsDone: 1, statements: 2 });
    expect(userTables()).toEqual(['one']);
    expect(await d.store.applied()).toMatchObject([{ version: 1, dirty: true, statementsDone: 1 }]);
  });

  it('refuses a file that opens a transaction and never closes it, before anything runs', async () => {
    const d = driver();
    await expect(step(d, { version: 1, up: 'BEGIN;\nCREATE TABLE own (id INTEGER);\n' })).rejects.toMatchObject({ code: 'PARSE_ERROR', line: 2 });
  });

  it('stops between statements when the signal fires, leaving the row dirty', async () => {
    const d = driver();
    // A signal that fires once the first statement has run: the step checks it before each one.
    let checks = 0;
    const signal = { get aborted() { return ++checks > 2; }, addEventListener() {}, removeEventListener() {} } as unknown as AbortSignal;
    const running = apply(d, await step(d, noTx), applyContext({ signal }));
    await expect(running).rejects.toMatchObject({ code: 'ABORTED', line: 3 });
    expect(userTables()).toEqual(['people']);
    expect(await d.store.applied()).toMatchObject([{ version: 1, dirty: true, statementsDone: 1 }]);
  });
});

describe('concurrent runners', () => {
  it('the second apply of the same step finds it done: skipped-concurrent', async () => {
    const a = driver();
    const b = driver();
    const up = await step(a, create);
    expect((await apply(a, up, applyContext())).status).toBe('applied');
    expect(await apply(b, up, applyContext())).toEqual({ status: 'skipped-concurrent', executionMs: 0 });
    const down = await step(a, create, 'down');
    expect((await apply(b, down, applyContext())).status).toBe('applied');
    expect((await apply(a, down, applyContext())).status).toBe('skipped-concurrent');
    const noTx = await step(a, { ...create, noTransaction: true });
    expect((await apply(a, noTx, applyContext())).status).toBe('applied');
    expect((await apply(b, noTx, applyContext())).status).toBe('skipped-concurrent');
    // exactly one history row per real change
    expect((await a.store.history()).map((h) => h.direction)).toEqual(['up', 'down', 'up']);
  });
});
