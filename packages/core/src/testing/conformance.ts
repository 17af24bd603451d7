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

export function runDriverConformance(options: ConformanceOptions): void {
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

    it('a second runner waits for the lock and times out naming it busy', async () => {
      const a = await target.createDriver();
      const b = await target.createDriver();
      drivers.push(a, b);
      await a.locker.lock({ timeoutMs: 5_000 });
      let waitedFor: string | undefined | null = null;
      const started = Date.now();
      await expect(
        b.locker.lock({
          timeoutMs: 400,
          onWait: (holder) => {
            waitedFor = holder;
          },
        }),
      ).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(waitedFor).not.toBeNull();
      await a.locker.unlock();
      await b.locker.lock({ timeoutMs: 5_000 });
      await b.locker.unlock();
      await b.locker.unlock(); // unlocking twice is harmless
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
