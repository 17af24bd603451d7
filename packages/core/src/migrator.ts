/**
 * The library API: one object per database that mirrors the CLI's commands. Mutating commands go
 * through the runner (lock, plan, run); read-only ones (status, version, validate, history) take
 * no lock and create nothing.
 */
import { basename } from 'node:path';
import type { AppliedRecord, Driver, HistoryRecord, StateChange } from './driver/contract.js';
import { GodwitError, toGodwitError } from './errors.js';
import { type GodwitEvent, type Logger, silentLogger } from './events.js';
import { computeHealth, type HealthReport } from './health.js';
import type { Migration, Source } from './migration.js';
import type {
  CreateOptions,
  CreatedMigration,
  ForceResult,
  Migrator,
  MigratorOptions,
  ValidationReport,
} from './migrator-contract.js';
import type { Command, Problem, StatusReport } from './plan/contract.js';
import { countDirtyStatements } from './plan/dirty-progress.js';
import { computeStatus, findProblems } from './plan/status.js';
import { DEFAULT_LOCK_TIMEOUT_MS, type RunnerDeps, runCommand } from './run/runner.js';
import type { RunOptions, RunResult } from './run/contract.js';
import { createMigrationFiles } from './source/create.js';
import { createFolderSource } from './source/folder-source.js';
import { problemsOf } from './source/source-errors.js';
import { createListSource } from './source/list-source.js';
import { defaultAppliedBy, TOOL_VERSION } from './util/identity.js';
import { computeForce } from './run/force.js';
import { writeState } from './run/step-protocol.js';
import { type AdoptDeps, adopt, adoptBeforeUp, previewAdoption } from './adopt/adopt.js';
import { canSnapshot, checkDrift, recordSnapshot } from './schema/record.js';

export function createMigrator(options: MigratorOptions): Migrator {
  const { driver } = options;
  const logger: Logger = options.logger ?? silentLogger;
  const plugins = options.plugins ?? [];
  const folderDir = options.source || options.migrations ? undefined : (options.dir ?? './migrations');
  const source: Source =
    options.source ??
    (options.migrations ? createListSource(options.migrations) : createFolderSource({ dir: folderDir! }));
  const appliedBy = options.appliedBy ?? defaultAppliedBy();
  const toolVersion = options.toolVersion ?? TOOL_VERSION;

  // Core never logs: events go to the caller, who words them (the CLI: log lines, progress, metrics).
  const emit = (event: GodwitEvent) => options.onEvent?.(event);
  // Drift (schemaSnapshots): a run that changed the schema records the snapshot before it lets go
  // of its lock, so no other runner's steps fall between what it applied and what it records.
  const deps: RunnerDeps = { driver, source, logger, plugins, emit, appliedBy, toolVersion, beforeUnlock: (version) => keepSnapshot({}, true, version) };
  const run = async (command: Command, runOptions?: RunOptions): Promise<RunResult> => runCommand(deps, command, { ...options.defaults, ...runOptions });

  /** The lock frame of the commands that only write bookkeeping (force, adopt): released on every path. */
  async function withLock<T>(o: { lockTimeoutMs?: number; signal?: AbortSignal }, fn: () => Promise<T>): Promise<T> {
    await driver.locker.lock({
      timeoutMs: o.lockTimeoutMs ?? options.defaults?.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
      ...(o.signal !== undefined && { signal: o.signal }),
      onWait: (holder) => emit({ event: 'lock-wait', ...(holder !== undefined && { holder }) }),
    });
    try {
      return await fn();
    } finally {
      await driver.locker.unlock();
    }
  }

  /** writeState, then a driver that keeps one transaction per run (--single-transaction) commits it. */
  async function record(change: StateChange, as: { appliedBy?: string; note?: string; signal?: AbortSignal }, what: string): Promise<void> {
    try {
      await writeState(driver, change, {
        signal: as.signal ?? new AbortController().signal,
        appliedBy: as.appliedBy ?? appliedBy,
        toolVersion,
        ...(as.note !== undefined && { note: as.note }),
      });
    } catch (e) {
      await driver.finishRun?.({ ok: false }).catch(() => undefined);
      throw e;
    }
    const { kept } = (await driver.finishRun?.({ ok: true })) ?? { kept: true };
    if (!kept) throw new GodwitError('STORE_ERROR', `${what} was not recorded: the driver rolled it back`);
  }

  const adoptDeps: AdoptDeps = { driver, source, emit, appliedBy, withLock, record };

  /**
   * The up commands adopt a peer's table first when Godwit's store is absent (adopt/adopt.ts);
   * a dry run plans against the records adoption would write, writing none.
   */
  async function runUp(command: Command, runOptions?: RunOptions): Promise<RunResult> {
    const merged = { ...options.defaults, ...runOptions };
    let adopted: AppliedRecord[] | undefined;
    try {
      adopted = await adoptBeforeUp(adoptDeps, {
        dryRun: merged.dryRun === true,
        ...(merged.lockTimeoutMs !== undefined && { lockTimeoutMs: merged.lockTimeoutMs }),
        ...(merged.signal !== undefined && { signal: merged.signal }),
      });
    } catch (e) {
      // Expected outcomes are values: a peer table that cannot be adopted (dirty) fails the run.
      const error = toGodwitError(e, 'STORE_ERROR');
      return { ok: false, command: command.kind, dryRun: merged.dryRun === true, before: 0, after: 0, results: [], durationMs: 0, error, meta: {} };
    }
    return runCommand(adopted ? { ...deps, driver: withRecords(driver, adopted) } : deps, command, merged);
  }

  async function keepSnapshot(o: { lockTimeoutMs?: number }, locked = false, version?: number): Promise<void> {
    if (options.schemaSnapshots !== true || !canSnapshot(driver)) return;
    try {
      if (locked) await recordSnapshot(driver, version);
      else await withLock(o, () => recordSnapshot(driver));
    } catch (e) {
      emit({ event: 'warning', message: `the schema snapshot for drift checks was not recorded: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  return {
    up: (o) => runUp({ kind: 'up' }, o),
    upByOne: (o) => runUp({ kind: 'up-by-one' }, o),
    upTo: (version, o) => runUp({ kind: 'up-to', version }, o),
    down: (o) => run({ kind: 'down' }, o),
    downTo: (version, o) => run({ kind: 'down-to', version }, o),
    redo: (o) => run({ kind: 'redo' }, o),
    reset: (o) => run({ kind: 'reset' }, o),

    async status() {
      const [migrations, applied] = await Promise.all([source.list(), driver.store.applied()]);
      // Godwit's store absent, a peer's table there: the states adopting it would record.
      const adoption = applied.length === 0 ? await previewAdoption(adoptDeps, migrations) : undefined;
      const report: StatusReport = computeStatus(migrations, adoption?.records ?? applied);
      await countDirtyStatements(driver, migrations, report);
      if (!adoption) return report;
      // Nothing is recorded yet, so there is no time it was recorded at.
      for (const m of report.migrations) delete m.appliedAt;
      return { ...report, adoption: adoption.preview };
    },

    async version() {
      const applied = await driver.store.applied();
      return {
        version: applied.reduce((max, r) => Math.max(max, r.version), 0),
        dirty: applied.some((r) => r.dirty),
      };
    },

    async validate(o = {}): Promise<ValidationReport> {
      const problems: Problem[] = [];
      let migrations: Migration[] = [];
      try {
        migrations = await source.list();
      } catch (e) {
        // A folder with several broken files: each one is its own problem.
        problems.push(...(e instanceof GodwitError ? problemsOf(e) : [e]).map((p) => toProblem(p)));
      }
      // Load and prepare every part the way a run would, so ENVSUB gaps and statements the
      // database cannot run inside a transaction show up here rather than at deploy time.
      for (const m of migrations) {
        if (m.noUpFile) problems.push(noUpFileWarning(m));
        if (m.format === 'unsupported') continue;
        try {
          const loaded = await m.load();
          if (o.database || o.prepare) {
            await driver.prepare(m, loaded, 'up');
            if (loaded.down) await driver.prepare(m, loaded, 'down');
          }
        } catch (e) {
          problems.push(toProblem(e, m));
        }
      }
      if (o.database) {
        let applied: AppliedRecord[] = [];
        try {
          applied = await driver.store.applied();
        } catch (e) {
          problems.push(toProblem(e));
        }
        problems.push(...findProblems(migrations, applied));
      }
      const ok = problems.every((p) => p.severity === 'warning');
      return { ok, checked: migrations.length, database: o.database === true, problems };
    },

    async create(name: string, o: CreateOptions = {}): Promise<CreatedMigration> {
      if (folderDir === undefined && !('dir' in source)) {
        throw new GodwitError('USAGE', 'create needs a migrations folder', {
          hint: 'createMigrator({ dir }) or pass --dir to the CLI',
        });
      }
      const dir = folderDir ?? (source as Source & { dir: string }).dir;
      let existing: Migration[] = [];
      try {
        existing = await source.list();
      } catch (e) {
        // A folder that does not exist yet is fine: create makes it.
        if (!(e instanceof GodwitError && e.code === 'SOURCE_NOT_FOUND')) throw e;
      }
      return createMigrationFiles({ dir, name, existing, ...o });
    },

    async force(version: number, o = {}): Promise<ForceResult> {
      if (!Number.isSafeInteger(version) || version < 0) {
        throw new GodwitError('USAGE', `force needs a version from 0 to ${Number.MAX_SAFE_INTEGER}, got ${version}`);
      }
      const migrations = await source.list();
      return withLock(o, async () => {
        await driver.store.ensure();
        const applied = await driver.store.applied();
        const { change, result } = computeForce(migrations, applied, version);
        await record(change, o.signal !== undefined ? { signal: o.signal } : {}, `force ${version}`);
        emit({ event: 'warning', message: `forced the store to version ${version}` });
        // force says what state the database is in: that is the schema drift compares with from now on.
        await keepSnapshot({}, true);
        return result;
      });
    },

    adopt: (o = {}) => adopt(adoptDeps, { ...o, dryRun: o.dryRun ?? options.defaults?.dryRun === true }),

    history(o): Promise<HistoryRecord[]> {
      return driver.store.history(o);
    },

    async health(): Promise<HealthReport> {
      const [migrations, applied, newest] = await Promise.all([
        source.list(),
        driver.store.applied(),
        driver.store.history({ limit: 1 }),
      ]);
      return computeHealth(migrations, applied, newest[0]);
    },

    drift: () => checkDrift(driver),

    list(): Promise<Migration[]> {
      return source.list();
    },

    close(): Promise<void> {
      return driver.close();
    },
  };
}

/** golang-migrate runs an empty up for a lone down file; Godwit does too, but says so. */
function noUpFileWarning(m: Migration): Problem {
  return {
    code: 'MISSING_FILE',
    severity: 'warning',
    message: `${basename(m.file)} has no up file: version ${m.version} applies nothing (an empty up) and records the version`,
    file: m.file,
    version: m.version,
    hint: `add ${basename(m.file).replace(/\.down\./, '.up.')} if the up was lost, or leave it if the down alone is intended`,
  };
}

function toProblem(e: unknown, m?: Migration): Problem {
  const err = toGodwitError(e, 'VALIDATION_FAILED', m ? { file: m.file, version: m.version } : {});
  return {
    code: err.code,
    message: err.message,
    ...(err.file !== undefined && { file: err.file }),
    ...(err.line !== undefined && { line: err.line }),
    ...(err.column !== undefined && { column: err.column }),
    ...(err.version !== undefined && { version: err.version }),
    ...(err.hint !== undefined && { hint: err.hint }),
  };
}

/**
 * The driver as a dry run sees it after an adoption that was not written: its store reads the
 * records adoption would write. Everything else is the driver itself (its prototype).
 */
function withRecords(driver: Driver, records: AppliedRecord[]): Driver {
  const view: Driver = Object.create(driver);
  Object.defineProperty(view, 'store', { value: { ...driver.store, applied: async () => records.map((r) => ({ ...r })) } });
  return view;
}
