import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import type { GodwitEvent } from '../events.js';
import { createMigrator } from '../migrator.js';
import type { Plugin } from '../plugin.js';
import { createMemoryDatabase, createMemoryDriver } from '../testing/memory-driver.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'godwit-runner-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const table = (n: number, extra = '') =>
  `-- +goose Up\n${extra}CREATE TABLE t${n} (id INTEGER);\n-- +goose Down\nDROP TABLE t${n};\n`;

async function files(list: Record<string, string>) {
  for (const [name, text] of Object.entries(list)) await writeFile(join(dir, name), text);
}

describe('runner', () => {
  it('prepares every step before running the first: a broken file late in the list changes nothing', async () => {
    await files({
      '001_a.sql': table(1),
      '002_b.sql': table(2),
      '003_c.sql': `-- +goose Up\n-- +goose ENVSUB ON\nCREATE TABLE \${GODWIT_TEST_UNSET_VARIABLE_X} (id INTEGER);\n`,
    });
    const database = createMemoryDatabase();
    const m = createMigrator({ driver: createMemoryDriver({ database }), dir });
    const result = await m.up();
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('ENVSUB_UNSET');
    expect(result.error?.file).toBe(join(dir, '003_c.sql'));
    expect(result.results).toEqual([]);
    expect(database.objects.size).toBe(0);
    expect(database.records.size).toBe(0);
    expect(database.lockOwner).toBeUndefined();
    // It never touched the database: no lock was taken and no store created.
    expect(database.storeExists).toBe(false);
  });

  it('refuses --statement-timeout up front on a driver that cannot interrupt a statement', async () => {
    await files({ '001_a.sql': table(1) });
    const database = createMemoryDatabase();
    const memory = createMemoryDriver({ database });
    const driver = { ...memory, capabilities: { ...memory.capabilities, statementTimeout: false } };
    const m = createMigrator({ driver, dir });
    for (const dryRun of [false, true]) {
      const result = await m.up({ statementTimeoutMs: 1000, dryRun });
      expect(result.error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--statement-timeout is not supported on memory') });
    }
    expect(database.storeExists).toBe(false);
    expect(database.lockOwner).toBeUndefined();
    expect((await m.up()).ok).toBe(true);
  });

  it('shows a statement as written: an ENVSUB value from the environment never reaches an error, a dry run or the history', async () => {
    process.env.GODWIT_TEST_SECRET_VALUE = 'hunter2-secret';
    try {
      await files({
        '001_a.sql': table(1),
        '002_b.sql': "-- +goose Up\n-- +goose ENVSUB ON\nINSERT INTO t1 VALUES ('${GODWIT_TEST_SECRET_VALUE}');\nINSERT INTO missing VALUES ('${GODWIT_TEST_SECRET_VALUE}');\n",
      });
      const m = createMigrator({ driver: createMemoryDriver(), dir });
      const planned = await m.up({ dryRun: true });
      expect(JSON.stringify(planned)).not.toContain('hunter2-secret');
      expect(planned.results[1]?.statements?.[0]?.text).toBe("INSERT INTO t1 VALUES ('${GODWIT_TEST_SECRET_VALUE}')");
      const result = await m.up();
      expect(result.error?.code).toBe('MIGRATION_FAILED');
      expect(result.error?.data?.statement).toBe("INSERT INTO missing VALUES ('${GODWIT_TEST_SECRET_VALUE}')");
      expect(JSON.stringify(result.error?.toJSON())).not.toContain('hunter2-secret');
      expect(JSON.stringify(await m.history())).not.toContain('hunter2-secret');
    } finally {
      delete process.env.GODWIT_TEST_SECRET_VALUE;
    }
  });

  it('emits events in order and calls plugin hooks around each step', async () => {
    await files({ '001_a.sql': table(1), '002_b.sql': table(2) });
    const calls: string[] = [];
    const plugin: Plugin = {
      name: 'recorder',
      beforeRun: (ctx) => void calls.push(`beforeRun:${ctx.steps.length}:${ctx.currentVersion}->${ctx.targetVersion}`),
      beforeMigration: (step) => void calls.push(`before:${step.migration.version}`),
      afterMigration: (step, r) => void calls.push(`after:${step.migration.version}:${r.status}`),
      afterRun: (r) => void calls.push(`afterRun:${r.ok}:${r.after}`),
      onError: () => void calls.push('onError'),
    };
    const events: GodwitEvent['event'][] = [];
    const m = createMigrator({
      driver: createMemoryDriver(),
      dir,
      plugins: [plugin],
      onEvent: (e) => events.push(e.event),
    });
    const result = await m.up();
    expect(result.ok).toBe(true);
    expect(calls).toEqual(['beforeRun:2:0->2', 'before:1', 'after:1:applied', 'before:2', 'after:2:applied', 'afterRun:true:2']);
    expect(events).toEqual([
      'lock-acquired',
      'run-start',
      'migrating',
      'migrated',
      'migrating',
      'migrated',
      'lock-released',
      'run-end',
    ]);
  });

  it('a backup recorded in meta by beforeRun becomes the note of every history row of that run', async () => {
    await files({ '001_a.sql': table(1), '002_b.sql': table(2) });
    const database = createMemoryDatabase();
    const first = createMigrator({ driver: createMemoryDriver({ database }), dir });
    expect((await first.upByOne()).ok).toBe(true);
    const backup: Plugin = {
      name: 'backup',
      beforeRun: (ctx) => {
        ctx.meta.backup = `/backups/app-v${ctx.currentVersion}.db`;
      },
    };
    const m = createMigrator({ driver: createMemoryDriver({ database }), dir, plugins: [backup] });
    expect((await m.up()).ok).toBe(true);
    expect((await m.history()).map((h) => [h.version, h.note])).toEqual([
      [2, 'backup: /backups/app-v1.db'],
      [1, null],
    ]);
  });

  it('a plugin that fails in beforeRun stops the run before anything changes', async () => {
    await files({ '001_a.sql': table(1) });
    const database = createMemoryDatabase();
    const calls: string[] = [];
    const m = createMigrator({
      driver: createMemoryDriver({ database }),
      dir,
      plugins: [
        {
          name: 'backup',
          beforeRun: () => {
            throw new Error('backup failed: disk full');
          },
          onError: (e) => void calls.push(`onError:${e.message}`),
        },
      ],
    });
    const result = await m.up();
    expect(result.ok).toBe(false);
    expect(result.error?.message).toContain('disk full');
    expect(database.objects.size).toBe(0);
    expect(calls).toEqual(['onError:backup failed: disk full']);
    expect(database.lockOwner).toBeUndefined();
  });

  it('the run time limit stops between migrations and reports what was applied', async () => {
    const list: Record<string, string> = {};
    for (let n = 1; n <= 20; n++) list[`${String(n).padStart(3, '0')}_m.sql`] = table(n);
    await files(list);
    const database = createMemoryDatabase();
    const m = createMigrator({ driver: createMemoryDriver({ database, delayMs: 20 }), dir });
    const result = await m.up({ timeoutMs: 120 });
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('TIMEOUT');
    const applied = result.results.filter((r) => r.status === 'applied').length;
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(20);
    expect(result.after).toBe(applied);
    expect(database.records.size).toBe(applied);
    expect(database.lockOwner).toBeUndefined();
  });

  it('a cancelled signal runs nothing', async () => {
    await files({ '001_a.sql': table(1) });
    const database = createMemoryDatabase();
    const m = createMigrator({ driver: createMemoryDriver({ database }), dir });
    const controller = new AbortController();
    controller.abort();
    const result = await m.up({ signal: controller.signal });
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('ABORTED');
    expect(database.records.size).toBe(0);
  });

  it('stops before an unsupported code migration, or records it as skipped when asked', async () => {
    await files({ '001_a.sql': table(1), '002_code.go': 'package migrations\n', '003_c.sql': table(3) });
    const database = createMemoryDatabase();
    const m = createMigrator({ driver: createMemoryDriver({ database }), dir });
    const stopped = await m.up();
    expect(stopped.ok).toBe(false);
    expect(stopped.error?.code).toBe('UNSUPPORTED_MIGRATION');
    expect(stopped.results.map((r) => r.version)).toEqual([1]);
    const skipped = await m.up({ skipUnsupported: true });
    expect(skipped.ok).toBe(true);
    expect(skipped.results.map((r) => [r.version, r.direction])).toEqual([
      [2, 'skip'],
      [3, 'up'],
    ]);
    const history = await m.history();
    expect(history.find((h) => h.version === 2)?.direction).toBe('skip');
  });

  it('a dirty store blocks every mutating command until force', async () => {
    await files({ '001_a.sql': table(1), '002_b.sql': `-- +goose Up\n-- +goose NO TRANSACTION\nCREATE TABLE t2 (id INTEGER);\nFAIL;\n` });
    const m = createMigrator({ driver: createMemoryDriver(), dir });
    const first = await m.up();
    expect(first.error?.code).toBe('MIGRATION_FAILED');
    expect(first.error?.line).toBe(4);
    for (const run of [() => m.up(), () => m.down(), () => m.redo(), () => m.reset(), () => m.upTo(2)]) {
      const r = await run();
      expect(r.error?.code).toBe('DIRTY');
    }
    expect((await m.status()).dirty).toBe(true);
    await m.force(1);
    expect(await m.version()).toEqual({ version: 1, dirty: false });
  });

  it('validate without a database checks files only; with one it reports drift', async () => {
    await files({ '001_a.sql': table(1), '002_b.sql': table(2) });
    const m = createMigrator({ driver: createMemoryDriver(), dir });
    expect(await m.validate()).toEqual({ ok: true, checked: 2, database: false, problems: [] });
    await m.up();
    await writeFile(join(dir, '001_a.sql'), table(1, '-- edited\n'));
    const report = await m.validate({ database: true });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'CHECKSUM_MISMATCH', version: 1 })]);
  });

  it('validate reports a broken folder as a problem rather than throwing', async () => {
    await files({ '001_a.sql': table(1), '001_b.sql': table(2) });
    const m = createMigrator({ driver: createMemoryDriver(), dir });
    const report = await m.validate();
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.code).toBe('DUPLICATE_VERSION');
  });

  it('create writes into a folder that does not exist yet', async () => {
    const m = createMigrator({ driver: createMemoryDriver(), dir: join(dir, 'fresh') });
    const created = await m.create('create_users');
    expect(created.version).toBe(1);
    expect(created.files).toHaveLength(1);
    expect((await m.list()).map((x) => x.name)).toEqual(['create_users']);
  });

  it('runs inline migrations given in code', async () => {
    const database = createMemoryDatabase();
    const m = createMigrator({
      driver: createMemoryDriver({ database }),
      migrations: [
        { version: 1, name: 'one', up: 'CREATE TABLE one (id INTEGER);', down: 'DROP TABLE one;' },
        { version: 2, name: 'two', up: [{ create: 'two' }], down: [{ drop: 'two' }] },
      ],
    });
    const result = await m.up();
    expect(result.ok).toBe(true);
    expect([...database.objects].sort()).toEqual(['one', 'two']);
    expect((await m.reset()).after).toBe(0);
    expect(database.objects.size).toBe(0);
  });

  it('asks a driver that keeps one transaction per run to finish it, and reports a rollback', async () => {
    await files({ '001_a.sql': table(1), '002_b.sql': table(2) });
    const outcomes: boolean[] = [];
    const make = (keep: boolean | 'throw') => ({
      ...createMemoryDriver(),
      async finishRun(outcome: { ok: boolean }) {
        outcomes.push(outcome.ok);
        if (keep === 'throw') throw new Error('COMMIT failed: deferred constraint');
        return { kept: keep };
      },
    });
    const kept = await createMigrator({ driver: make(true), dir }).up();
    expect(kept).toMatchObject({ ok: true, after: 2 });
    expect(kept.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    const rolledBack = await createMigrator({ driver: make(false), dir }).up();
    expect(rolledBack.after).toBe(0);
    expect(rolledBack.results.map((r) => r.status)).toEqual(['rolled-back', 'rolled-back']);

    const failed = await createMigrator({ driver: make('throw'), dir }).up();
    expect(failed.ok).toBe(false);
    expect(failed.error?.message).toContain('deferred constraint');
    expect(failed.after).toBe(0);
    expect(outcomes).toEqual([true, true, true]);

    const nothing = await createMigrator({ driver: make('throw'), dir: join(dir, 'none') }).up();
    expect(nothing.error?.code).toBe('SOURCE_NOT_FOUND');
    expect(outcomes).toHaveLength(3); // no steps ran, so there was nothing to finish
  });

  it('a database that cannot be read fails the run with its own error, before any lock', async () => {
    await files({ '001_a.sql': table(1) });
    const driver = createMemoryDriver();
    const broken = {
      ...driver,
      store: {
        ...driver.store,
        applied: async () => {
          throw new GodwitError('CONNECTION_FAILED', 'cannot reach memory://nowhere');
        },
      },
    };
    const result = await createMigrator({ driver: broken, dir }).up({ timeoutMs: 5_000 });
    expect(result.error?.code).toBe('CONNECTION_FAILED');
    expect(driver.database.lockOwner).toBeUndefined();
  });

  it('a lock wait cut short by the run time limit reports the time limit', async () => {
    await files({ '001_a.sql': table(1) });
    const database = createMemoryDatabase();
    const holder = createMemoryDriver({ database });
    await holder.locker.lock({ timeoutMs: 1_000 });
    const result = await createMigrator({ driver: createMemoryDriver({ database }), dir }).up({ timeoutMs: 150, lockTimeoutMs: 10_000 });
    expect(result.error?.code).toBe('TIMEOUT');
    expect(result.error?.message).toContain('stopped before any migration ran');
    await holder.locker.unlock();
  });
});
