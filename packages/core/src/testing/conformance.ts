/**
 * The driver conformance suite: every driver's tests call `runDriverConformance` so the drivers
 * behave alike by construction. It drives a real Migrator over real migration files written to
 * a temp folder, against whatever database the target opens.
 *
 * Usage (in a driver's test file):
 *   runDriverConformance({
 *     name: 'sqlite',
 *     kind: 'sql',
 *     async setup() {
 *       const path = ...fresh database...;
 *       return { createDriver: () => createSqliteDriver({ path }), objectExists: ..., cleanup: ... };
 *     },
 *   });
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Driver } from '../driver/contract.js';
import { createMigrator } from '../migrator.js';
import type { Migrator } from '../migrator-contract.js';

export interface ConformanceTarget {
  /** A driver on the target's database; called several times for lock and concurrency tests. */
  createDriver(): Driver | Promise<Driver>;
  /** Whether the object (table or collection) named exists, checked through the database itself. */
  objectExists(name: string): Promise<boolean>;
  /** Drop the database; called after each test. */
  cleanup(): Promise<void>;
}

export interface ConformanceOptions {
  name: string;
  /** the migration language: SQL files or JSON command arrays */
  kind: 'sql' | 'json';
  /** a fresh, empty database for each test */
  setup(): Promise<ConformanceTarget>;
  /** concurrent runners in the concurrency test (default 4) */
  concurrency?: number;
  /**
   * Make the lock `holder` took look like its process died without unlocking (end its session,
   * expire its lease). With it, the lock contract also proves a crashed runner's lock is taken
   * over.
   */
  abandonLock?(holder: Driver): Promise<void>;
}

type Files = Record<string, string>;

/** Migration N creates `thing_N` and its down drops it, in the target's language. */
function thingFiles(kind: 'sql' | 'json', n: number, opts: { irreversible?: boolean } = {}): Files {
  const v = String(n).padStart(6, '0');
  if (kind === 'sql') {
    const down = opts.irreversible ? '' : `-- +goose Down\nDROP TABLE thing_${n};\n`;
    return {
      [`${v}_thing_${n}.sql`]: `-- +goose Up\nCREATE TABLE thing_${n} (id INTEGER PRIMARY KEY, label TEXT);\n${down}`,
    };
  }
  return {
    [`${v}_thing_${n}.up.json`]: `[\n  { "create": "thing_${n}" }\n]\n`,
    ...(!opts.irreversible && { [`${v}_thing_${n}.down.json`]: `[\n  { "drop": "thing_${n}" }\n]\n` }),
  };
}

/** A migration whose second statement fails, on line 3 of its up file. */
function failingFiles(kind: 'sql' | 'json', n: number): { files: Files; file: string; line: number } {
  const v = String(n).padStart(6, '0');
  if (kind === 'sql') {
    const file = `${v}_half_done.sql`;
    return {
      file,
      line: 3,
      files: {
        [file]: '-- +goose Up\nCREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n-- +goose Down\nDROP TABLE half_done;\n',
      },
    };
  }
  const file = `${v}_half_done.up.json`;
  return {
    file,
    line: 3,
    files: {
      [file]: '[\n  { "create": "half_done" },\n  { "noSuchCommand": 1 }\n]\n',
      [`${v}_half_done.down.json`]: '[\n  { "drop": "half_done" }\n]\n',
    },
  };
}

/**
 * A migration that runs outside a transaction and fails at its third statement (line 5), after
 * two statements that created `nt_a` and `nt_b`; its fourth would create `nt_c`.
 */
function failingOutsideTransaction(kind: 'sql' | 'json', n: number): { files: Files; file: string; line: number } {
  const v = String(n).padStart(6, '0');
  if (kind === 'sql') {
    const file = `${v}_no_tx.sql`;
    return {
      file,
      line: 5,
      files: {
        [file]:
          '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE TABLE nt_a (id INTEGER);\nCREATE TABLE nt_b (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\nCREATE TABLE nt_c (id INTEGER);\n' +
          '-- +goose Down\nDROP TABLE nt_b;\nDROP TABLE nt_a;\n',
      },
    };
  }
  const file = `${v}_no_tx.up.json`;
  return {
    file,
    line: 5,
    files: {
      [file]: '[\n  { "create": "nt_a" },\n  { "create": "nt_b" },\n\n  { "noSuchCommand": 1 },\n  { "create": "nt_c" }\n]\n',
      [`${v}_no_tx.down.json`]: '[\n  { "drop": "nt_b" },\n  { "drop": "nt_a" }\n]\n',
    },
  };
}

/**
 * A 5-statement migration outside a transaction whose third statement fails, and the same file
 * with that statement corrected. Statements 1-2 create objects, so running them twice would fail.
 */
function resumableFiles(kind: 'sql' | 'json', n: number): { files: Files; fixed: Files } {
  const v = String(n).padStart(6, '0');
  if (kind === 'sql') {
    const file = `${v}_resumable.sql`;
    const text = (third: string) =>
      `-- +goose NO TRANSACTION\n-- +goose Up\nCREATE TABLE rs_1 (id INTEGER);\nCREATE TABLE rs_2 (id INTEGER);\n${third}\nCREATE TABLE rs_4 (id INTEGER);\nCREATE TABLE rs_5 (id INTEGER);\n`;
    return { files: { [file]: text('INSERT INTO rs_missing VALUES (1);') }, fixed: { [file]: text('CREATE TABLE rs_3 (id INTEGER);') } };
  }
  const file = `${v}_resumable.up.json`;
  const text = (third: string) =>
    `[\n  { "create": "rs_1" },\n  { "create": "rs_2" },\n  ${third},\n  { "create": "rs_4" },\n  { "create": "rs_5" }\n]\n`;
  return { files: { [file]: text('{ "noSuchCommand": 1 }') }, fixed: { [file]: text('{ "create": "rs_3" }') } };
}

export function runDriverConformance(options: ConformanceOptions): void {
  runLockConformance(options);

  const { kind } = options;

  describe(`driver conformance: ${options.name}`, () => {
    let target: ConformanceTarget;
    let dir: string;
    const drivers: Driver[] = [];

    async function write(files: Files): Promise<void> {
      for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    }
    async function migrator(): Promise<Migrator> {
      const driver = await target.createDriver();
      drivers.push(driver);
      return createMigrator({ driver, dir, appliedBy: 'conformance@test' });
    }
    async function writeThings(count: number): Promise<void> {
      for (let n = 1; n <= count; n++) await write(thingFiles(kind, n));
    }

    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), `godwit-conformance-${options.name}-`));
      target = await options.setup();
    });
    afterEach(async () => {
      for (const d of drivers.splice(0)) await d.close();
      await target.cleanup();
      await rm(dir, { recursive: true, force: true });
    });

    it('reads an empty database without creating anything', async () => {
      await writeThings(2);
      const m = await migrator();
      const status = await m.status();
      expect(status).toMatchObject({ current: 0, dirty: false });
      expect(status.migrations.map((s) => s.state)).toEqual(['pending', 'pending']);
      expect(await m.version()).toEqual({ version: 0, dirty: false });
      expect(await m.history()).toEqual([]);
    });

    it('applies every pending migration, in order, and records each', async () => {
      await writeThings(3);
      const m = await migrator();
      const result = await m.up();
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({ ok: true, before: 0, after: 3 });
      expect(result.results.map((r) => [r.version, r.status])).toEqual([
        [1, 'applied'],
        [2, 'applied'],
        [3, 'applied'],
      ]);
      for (const n of [1, 2, 3]) expect(await target.objectExists(`thing_${n}`)).toBe(true);
      const status = await m.status();
      expect(status.current).toBe(3);
      expect(status.migrations.map((s) => s.state)).toEqual(['applied', 'applied', 'applied']);
      expect(status.migrations[0]?.appliedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      const history = await m.history();
      expect(history.map((h) => [h.version, h.direction, h.success])).toEqual([
        [3, 'up', true],
        [2, 'up', true],
        [1, 'up', true],
      ]);
      expect(history[0]).toMatchObject({ appliedBy: 'conformance@test', name: 'thing_3', note: null });
      expect(history[0]?.toolVersion).toMatch(/^godwit\//);
      const again = await m.up();
      expect(again).toMatchObject({ ok: true, before: 3, after: 3, results: [] });
    });

    it('up-by-one, up-to, down, down-to, redo and reset move exactly as asked', async () => {
      await writeThings(4);
      const m = await migrator();
      expect((await m.upByOne()).after).toBe(1);
      expect((await m.upTo(3)).after).toBe(3);
      expect(await target.objectExists('thing_4')).toBe(false);
      const down = await m.down();
      expect(down).toMatchObject({ ok: true, before: 3, after: 2 });
      expect(await target.objectExists('thing_3')).toBe(false);
      expect(await target.objectExists('thing_2')).toBe(true);
      expect((await m.up()).after).toBe(4);
      const redo = await m.redo();
      expect(redo.results.map((r) => [r.version, r.direction])).toEqual([
        [4, 'down'],
        [4, 'up'],
      ]);
      expect(await target.objectExists('thing_4')).toBe(true);
      expect((await m.downTo(2)).after).toBe(2);
      expect(await target.objectExists('thing_3')).toBe(false);
      const reset = await m.reset();
      expect(reset).toMatchObject({ ok: true, after: 0 });
      expect(reset.results.map((r) => r.version)).toEqual([2, 1]);
      expect(await target.objectExists('thing_1')).toBe(false);
      expect(await m.version()).toEqual({ version: 0, dirty: false });
    });

    it('stops at a failing migration: earlier ones stay, the error names file and line', async () => {
      await writeThings(2);
      const failing = failingFiles(kind, 3);
      await write(failing.files);
      await write(thingFiles(kind, 4));
      const m = await migrator();
      const result = await m.up();
      expect(result.ok).toBe(false);
      expect(result.results.map((r) => [r.version, r.status])).toEqual([
        [1, 'applied'],
        [2, 'applied'],
        [3, 'failed'],
      ]);
      expect(result.error?.code).toBe('MIGRATION_FAILED');
      expect(result.error?.file).toBe(join(dir, failing.file));
      expect(result.error?.line).toBe(failing.line);
      expect(await target.objectExists('thing_2')).toBe(true);
      expect(await target.objectExists('thing_4')).toBe(false);
      const history = await m.history();
      expect(history[0]).toMatchObject({ version: 3, success: false });
      expect(history[0]?.error).toBeTruthy();

      const status = await m.status();
      const m3 = status.migrations.find((s) => s.version === 3);
      const driver = drivers[0]!;
      if (kind === 'sql' && driver.capabilities.transactionalDdl) {
        // Transactional: the failing migration leaves no trace at all.
        expect(await target.objectExists('half_done')).toBe(false);
        expect(m3?.state).toBe('pending');
        expect(status.dirty).toBe(false);
      } else {
        // Not transactional: the store says dirty and blocks the next run until force.
        expect(m3?.state).toBe('dirty');
        expect(status.dirty).toBe(true);
        const blocked = await m.up();
        expect(blocked.ok).toBe(false);
        expect(blocked.error?.code).toBe('DIRTY');
        expect(blocked.results).toEqual([]);
        const forced = await m.force(2);
        expect(forced).toMatchObject({ after: 2, removed: [3] });
        expect((await m.version()).dirty).toBe(false);
      }
    });

    it('refuses to run when an applied migration was edited', async () => {
      await writeThings(2);
      const m = await migrator();
      expect((await m.up()).ok).toBe(true);
      const edited = thingFiles(kind, 2);
      const [name, text] = Object.entries(edited)[0]!;
      await writeFile(join(dir, name), text.replace('thing_2', 'thing_2b'));
      await write(thingFiles(kind, 3));
      const result = await m.up();
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('CHECKSUM_MISMATCH');
      expect(result.error?.file).toBe(join(dir, name));
      expect(await target.objectExists('thing_3')).toBe(false);
      expect((await m.status()).migrations.find((s) => s.version === 2)?.state).toBe('modified');
      const report = await m.validate({ database: true });
      expect(report.ok).toBe(false);
      expect(report.problems.map((p) => p.code)).toContain('CHECKSUM_MISMATCH');
    });

    it('refuses to roll back an irreversible migration and changes nothing', async () => {
      await write(thingFiles(kind, 1));
      await write(thingFiles(kind, 2, { irreversible: true }));
      const m = await migrator();
      expect((await m.up()).ok).toBe(true);
      const result = await m.down();
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('IRREVERSIBLE');
      expect(await target.objectExists('thing_2')).toBe(true);
      expect((await m.version()).version).toBe(2);
    });

    it('a dry run changes nothing', async () => {
      await writeThings(2);
      const m = await migrator();
      const result = await m.up({ dryRun: true });
      expect(result).toMatchObject({ ok: true, dryRun: true, before: 0, after: 2 });
      expect(result.results.map((r) => r.status)).toEqual(['planned', 'planned']);
      expect(result.results[0]?.statements?.[0]?.text).toContain('thing_1');
      expect(await target.objectExists('thing_1')).toBe(false);
      expect(await m.version()).toEqual({ version: 0, dirty: false });
    });

    it('force records the database as exactly at a version, running nothing', async () => {
      await writeThings(3);
      const m = await migrator();
      const forced = await m.force(2);
      expect(forced).toMatchObject({ before: 0, after: 2, recorded: [1, 2] });
      expect(await target.objectExists('thing_1')).toBe(false);
      expect((await m.status()).migrations.map((s) => s.state)).toEqual(['applied', 'applied', 'pending']);
      expect((await m.force(0)).removed).toEqual([1, 2]);
      expect(await m.version()).toEqual({ version: 0, dirty: false });
      const history = await m.history();
      expect(history.filter((h) => h.direction === 'force').map((h) => h.version)).toEqual([0, 2]);
      expect(history.every((h) => h.note === null)).toBe(true);
    });

    it('a step outside a transaction is recorded dirty, then clean', async () => {
      await writeThings(1);
      const failing = failingOutsideTransaction(kind, 2);
      const [name, text] = Object.entries(failing.files)[0]!;
      // The same file without its failing statement: it runs outside a transaction and succeeds.
      await writeFile(join(dir, name), kind === 'sql' ? text.replace('INSERT INTO no_such_table VALUES (1);\n', '') : text.replace('  { "noSuchCommand": 1 },\n', ''));
      if (kind === 'json') await write({ [Object.keys(failing.files)[1]!]: Object.values(failing.files)[1]! });
      const m = await migrator();
      const result = await m.up();
      expect(result.error).toBeUndefined();
      expect(result.results.map((r) => [r.version, r.status, r.transactional])).toEqual([
        [1, 'applied', kind === 'sql' && drivers[0]!.capabilities.transactionalDdl],
        [2, 'applied', false],
      ]);
      for (const t of ['nt_a', 'nt_b', 'nt_c']) expect(await target.objectExists(t)).toBe(true);
      const [record] = (await drivers[0]!.store.applied()).filter((r) => r.version === 2);
      expect(record).toMatchObject({ version: 2, dirty: false });
      expect(record?.statementsDone).toBeUndefined();
      const [row] = await m.history({ limit: 1 });
      expect(row).toMatchObject({ version: 2, direction: 'up', success: true, error: null });
      expect(row?.finishedAt).toBeInstanceOf(Date);
    });

    it('a step outside a transaction that fails stays dirty with its progress; the hint names versions the store holds', async () => {
      await writeThings(2);
      const failing = failingOutsideTransaction(kind, 3);
      await write(failing.files);
      await write(thingFiles(kind, 4));
      const m = await migrator();
      const result = await m.up();
      expect(result.ok).toBe(false);
      expect(result.results.map((r) => [r.version, r.status])).toEqual([
        [1, 'applied'],
        [2, 'applied'],
        [3, 'failed'],
      ]);
      const error = result.error!;
      expect(error.code).toBe('MIGRATION_FAILED');
      expect(error.file).toBe(join(dir, failing.file));
      expect(error.line).toBe(failing.line);
      expect(error.data).toMatchObject({ statementsDone: 2, statements: 4 });
      expect(error.hint).toContain('stopped after 2 of 4 statement(s)');
      expect(error.hint).toContain('"godwit force 3" if you completed it');
      expect(error.hint).toContain('"godwit force 2" if you undid it');
      // what ran stays; what did not, did not
      expect(await target.objectExists('nt_a')).toBe(true);
      expect(await target.objectExists('nt_b')).toBe(true);
      expect(await target.objectExists('nt_c')).toBe(false);
      expect(await target.objectExists('thing_4')).toBe(false);
      // the record says dirty, and how far it got
      const record = (await drivers[0]!.store.applied()).find((r) => r.version === 3);
      expect(record).toMatchObject({ dirty: true, statementsDone: 2 });
      const [row] = await m.history({ limit: 1 });
      expect(row).toMatchObject({ version: 3, direction: 'up', success: false });
      expect(row?.finishedAt).toBeInstanceOf(Date);
      expect(row?.error).toBeTruthy();
      // a dirty store blocks every run until force says what the database holds
      const blocked = await m.up();
      expect(blocked).toMatchObject({ ok: false, results: [] });
      expect(blocked.error?.code).toBe('DIRTY');
      expect(await m.force(3)).toMatchObject({ after: 3, recorded: [3] });
      const cleaned = (await drivers[0]!.store.applied()).find((r) => r.version === 3);
      expect(cleaned).toMatchObject({ dirty: false });
      expect(cleaned?.statementsDone).toBeUndefined();
      expect(await m.up()).toMatchObject({ ok: true, after: 4 });
    });

    it('up --resume continues a failed step outside a transaction at the statement that failed', async () => {
      const resumable = resumableFiles(kind, 1);
      await write(resumable.files);
      const m = await migrator();
      const failed = await m.up();
      expect(failed.error?.code).toBe('MIGRATION_FAILED');
      expect(failed.error?.hint).toContain('godwit up --resume" to continue at statement 3');
      expect((await drivers[0]!.store.applied())[0]).toMatchObject({ version: 1, dirty: true, statementsDone: 2 });
      const status = await m.status();
      expect(status.migrations[0]).toMatchObject({ version: 1, state: 'dirty', statementsDone: 2, statements: 5 });
      const blocked = await m.up();
      expect(blocked.error?.code).toBe('DIRTY');
      expect(blocked.error?.hint).toContain('godwit up --resume');

      // The cause is fixed (here: the failing statement is corrected in the file).
      await write(resumable.fixed);
      const planned = await m.up({ resume: true, dryRun: true });
      expect(planned.results[0]?.statements?.map((st) => st.line)).toEqual(kind === 'sql' ? [5, 6, 7] : [4, 5, 6]);
      expect((await drivers[0]!.store.applied())[0]).toMatchObject({ dirty: true, statementsDone: 2 });

      const resumed = await m.up({ resume: true });
      expect(resumed.error).toBeUndefined();
      expect(resumed.results.map((r) => [r.version, r.status, r.transactional])).toEqual([[1, 'applied', false]]);
      expect(resumed.results[0]?.note).toContain('resumed at statement 3 of 5');
      // Statements 1 and 2 were not run again: creating rs_1 twice would have failed.
      for (const t of ['rs_1', 'rs_2', 'rs_3', 'rs_4', 'rs_5']) expect(await target.objectExists(t)).toBe(true);
      const [record] = await drivers[0]!.store.applied();
      expect(record).toMatchObject({ version: 1, dirty: false });
      expect(record?.statementsDone).toBeUndefined();
      expect((await m.status()).migrations[0]).toMatchObject({ state: 'applied' });
      const [row] = await m.history({ limit: 1 });
      expect(row).toMatchObject({ version: 1, direction: 'up', success: true });
      expect(row?.note).toContain('resumed at statement 3 of 5');
      expect(await m.up({ resume: true })).toMatchObject({ ok: true, results: [] });
    });

    it('--allow-irreversible records a migration without a down part as rolled back, running nothing', async () => {
      await write(thingFiles(kind, 1));
      await write(thingFiles(kind, 2, { irreversible: true }));
      const m = await migrator();
      expect((await m.up()).ok).toBe(true);
      const refused = await m.down();
      expect(refused.error?.code).toBe('IRREVERSIBLE');
      expect(refused.error?.hint).toContain('--allow-irreversible');
      const planned = await m.reset({ allowIrreversible: true, dryRun: true });
      expect(planned.results.map((r) => [r.version, r.direction, r.statements?.length])).toEqual([
        [2, 'down', 0],
        [1, 'down', 1],
      ]);
      const result = await m.down({ allowIrreversible: true });
      expect(result.error).toBeUndefined();
      expect(result.results.map((r) => [r.version, r.direction, r.status])).toEqual([[2, 'down', 'applied']]);
      expect(result.results[0]?.note).toContain('irreversible');
      expect(await target.objectExists('thing_2')).toBe(true); // nothing ran
      expect((await drivers[0]!.store.applied()).map((r) => r.version)).toEqual([1]);
      const [row] = await m.history({ limit: 1 });
      expect(row).toMatchObject({ version: 2, direction: 'down', success: true });
      expect(row?.note).toContain('recorded as rolled back without running anything');
    });

    it('a down outside a transaction that fails names the versions the other way round', async () => {
      await writeThings(1);
      const v = '000002';
      const files: Files =
        kind === 'sql'
          ? { [`${v}_no_tx.sql`]: '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE TABLE nt_a (id INTEGER);\n-- +goose Down\nDROP TABLE nt_a;\nINSERT INTO no_such_table VALUES (1);\n' }
          : {
              [`${v}_no_tx.up.json`]: '[\n  { "create": "nt_a" }\n]\n',
              [`${v}_no_tx.down.json`]: '[\n  { "drop": "nt_a" },\n  { "noSuchCommand": 1 }\n]\n',
            };
      await write(files);
      const m = await migrator();
      expect((await m.up()).ok).toBe(true);
      const result = await m.down();
      expect(result.error?.code).toBe('MIGRATION_FAILED');
      expect(result.error?.hint).toContain('"godwit force 1" if you completed the rollback');
      expect(result.error?.hint).toContain('"godwit force 2" if you undid it');
      expect((await drivers[0]!.store.applied()).find((r) => r.version === 2)).toMatchObject({ dirty: true, statementsDone: 1 });
    });

    it('concurrent runners apply every migration exactly once', async () => {
      const count = 10;
      await writeThings(count);
      const runners = await Promise.all(Array.from({ length: options.concurrency ?? 4 }, () => migrator()));
      const results = await Promise.all(runners.map((m) => m.up({ lockTimeoutMs: 30_000 })));
      for (const r of results) expect(r.error).toBeUndefined();
      const applied = results.flatMap((r) => r.results.filter((s) => s.status === 'applied').map((s) => s.version));
      expect(applied.sort((x, y) => x - y)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      const history = await runners[0]!.history();
      const ups = history.filter((h) => h.direction === 'up' && h.success);
      expect(ups).toHaveLength(count);
      expect((await runners[0]!.version()).version).toBe(count);
    });
  });
}

/**
 * The lock contract, on its own (goose's lock/locktesting): contention, time-outs that name the
 * holder, release on every path, cancellation, and, when the target can simulate a crash, takeover
 * of a dead runner's lock. `runDriverConformance` runs it too.
 */
export function runLockConformance(options: ConformanceOptions): void {
  describe(`lock conformance: ${options.name}`, () => {
    let target: ConformanceTarget;
    const drivers: Driver[] = [];
    async function driver(): Promise<Driver> {
      const d = await target.createDriver();
      drivers.push(d);
      return d;
    }

    beforeEach(async () => {
      target = await options.setup();
    });
    afterEach(async () => {
      for (const d of drivers.splice(0)) await d.close();
      await target.cleanup();
    });

    it('a second runner waits for the lock and times out naming it busy', async () => {
      const a = await driver();
      const b = await driver();
      await a.locker.lock({ timeoutMs: 5_000 });
      a.locker.assertHeld?.();
      let waitedFor: string | undefined | null = null;
      const started = Date.now();
      const refused = await b.locker.lock({ timeoutMs: 400, onWait: (holder) => (waitedFor = holder) }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'LOCK_TIMEOUT' });
      expect(String((refused as Error).message)).toMatch(/lock/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(waitedFor).not.toBeNull();
      a.locker.assertHeld?.(); // a refused runner takes nothing away from the holder
      await a.locker.unlock();
      await b.locker.lock({ timeoutMs: 5_000 });
      await b.locker.unlock();
      await b.locker.unlock(); // unlocking twice is harmless
    });

    it('a waiting runner takes the lock as soon as the holder lets go', async () => {
      const a = await driver();
      const b = await driver();
      await a.locker.lock({ timeoutMs: 5_000 });
      let waiting!: () => void;
      const waited = new Promise<void>((resolve) => (waiting = resolve));
      const taking = b.locker.lock({ timeoutMs: 30_000, onWait: () => waiting() });
      await waited;
      await a.locker.unlock();
      await taking;
      b.locker.assertHeld?.();
      await b.locker.unlock();
    });

    it('unlock without a lock, and unlock after a refused lock, are harmless', async () => {
      const a = await driver();
      const b = await driver();
      await a.locker.unlock();
      await a.locker.lock({ timeoutMs: 5_000 });
      await expect(b.locker.lock({ timeoutMs: 100 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
      await b.locker.unlock(); // must not release a's lock
      await expect(driver().then((c) => c.locker.lock({ timeoutMs: 100 }))).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
      await a.locker.unlock();
    });

    it('a cancelled wait gives up at once and holds nothing', async () => {
      const a = await driver();
      const b = await driver();
      await a.locker.lock({ timeoutMs: 5_000 });
      const controller = new AbortController();
      let waiting!: () => void;
      const waited = new Promise<void>((resolve) => (waiting = resolve));
      const taking = b.locker.lock({ timeoutMs: 60_000, signal: controller.signal, onWait: () => waiting() });
      await waited;
      controller.abort();
      await expect(taking).rejects.toBeInstanceOf(Error);
      await a.locker.unlock();
      const c = await driver();
      await c.locker.lock({ timeoutMs: 5_000 });
      await c.locker.unlock();
    });

    if (options.abandonLock) {
      const abandon = options.abandonLock;
      it("a crashed runner's lock is taken over, and the crashed runner knows it lost it", async () => {
        const a = await driver();
        const b = await driver();
        await a.locker.lock({ timeoutMs: 5_000 });
        await abandon(a);
        await b.locker.lock({ timeoutMs: 30_000 });
        b.locker.assertHeld?.();
        if (a.locker.assertHeld) {
          const deadline = Date.now() + 30_000;
          let lost: unknown;
          while (lost === undefined && Date.now() < deadline) {
            try {
              a.locker.assertHeld();
              await new Promise((resolve) => setTimeout(resolve, 20));
            } catch (e) {
              lost = e;
            }
          }
          expect(lost).toBeInstanceOf(Error);
        }
        await b.locker.unlock();
      });
    }
  });
}
