/**
 * The library API: one object per database that mirrors the CLI's commands. Mutating commands go
 * through the runner (lock, plan, run); read-only ones (status, version, validate, history) take
 * no lock and create nothing.
 */
import type { AppliedRecord, HistoryRecord } from './driver/contract.js';
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
import { computeStatus, findProblems } from './plan/status.js';
import { DEFAULT_LOCK_TIMEOUT_MS, runCommand } from './run/runner.js';
import type { RunOptions, RunResult } from './run/contract.js';
import { createMigrationFiles } from './source/create.js';
import { createFolderSource } from './source/folder-source.js';
import { createListSource } from './source/list-source.js';
import { defaultAppliedBy, TOOL_VERSION } from './util/identity.js';
import { computeForce } from './run/force.js';
import { writeState } from './run/step-protocol.js';

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
  const deps = { driver, source, logger, plugins, emit, appliedBy, toolVersion };
  const run = (command: Command, runOptions?: RunOptions): Promise<RunResult> =>
    runCommand(deps, command, { ...options.defaults, ...runOptions });

  return {
    up: (o) => run({ kind: 'up' }, o),
    upByOne: (o) => run({ kind: 'up-by-one' }, o),
    upTo: (version, o) => run({ kind: 'up-to', version }, o),
    down: (o) => run({ kind: 'down' }, o),
    downTo: (version, o) => run({ kind: 'down-to', version }, o),
    redo: (o) => run({ kind: 'redo' }, o),
    reset: (o) => run({ kind: 'reset' }, o),

    async status(): Promise<StatusReport> {
      const [migrations, applied] = await Promise.all([source.list(), driver.store.applied()]);
      return computeStatus(migrations, applied);
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
        problems.push(toProblem(e));
      }
      // Load and prepare every part the way a run would, so ENVSUB gaps and statements the
      // database cannot run inside a transaction show up here rather than at deploy time.
      for (const m of migrations) {
        if (m.format === 'unsupported') continue;
        try {
          const loaded = await m.load();
          if (o.database) {
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
      return { ok: problems.length === 0, checked: migrations.length, database: o.database === true, problems };
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
      await driver.locker.lock({
        timeoutMs: o.lockTimeoutMs ?? options.defaults?.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
        ...(o.signal !== undefined && { signal: o.signal }),
        onWait: (holder) => emit({ event: 'lock-wait', ...(holder !== undefined && { holder }) }),
      });
      try {
        await driver.store.ensure();
        const applied = await driver.store.applied();
        const { change, result } = computeForce(migrations, applied, version);
        try {
          await writeState(driver, change, {
            signal: o.signal ?? new AbortController().signal,
            appliedBy,
            toolVersion,
          });
        } catch (e) {
          await driver.finishRun?.({ ok: false }).catch(() => undefined);
          throw e;
        }
        // A driver that keeps one transaction per run (--single-transaction) commits it here.
        const { kept } = (await driver.finishRun?.({ ok: true })) ?? { kept: true };
        if (!kept) throw new GodwitError('STORE_ERROR', `force ${version} was not recorded: the driver rolled it back`);
        emit({ event: 'warning', message: `forced the store to version ${version}` });
        return result;
      } finally {
        await driver.locker.unlock();
      }
    },

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

    list(): Promise<Migration[]> {
      return source.list();
    },

    close(): Promise<void> {
      return driver.close();
    },
  };
}

function toProblem(e: unknown, m?: Migration): Problem {
  const err = toGodwitError(e, 'VALIDATION_FAILED', m ? { file: m.file, version: m.version } : {});
  return {
    code: err.code,
    message: err.message,
    ...(err.file !== undefined && { file: err.file }),
    ...(err.line !== undefined && { line: err.line }),
    ...(err.version !== undefined && { version: err.version }),
    ...(err.hint !== undefined && { hint: err.hint }),
  };
}
