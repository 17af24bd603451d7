/**
 * The runner composes source, planner, driver and plugins for one command:
 * plan and prepare (no lock) -> lock -> ensure store -> read applied -> plan again -> run steps
 * -> unlock.
 * Preparing every step before running the first means a broken file late in the list stops the
 * run before anything changes. Expected failures come back as a RunResult with `ok: false`.
 */
import type { AppliedRecord, ApplyContext, Driver, PreparedStep } from '../driver/contract.js';
import { asBatchedStep, checkBatchSupport } from '../batch/index.js';
import { GodwitError, toGodwitError } from '../errors.js';
import type { GodwitEvent, Logger } from '../events.js';
import type { Migration, Source } from '../migration.js';
import type { Command, Plan, PlanStep } from '../plan/contract.js';
import { plan as makePlan } from '../plan/planner.js';
import type { Plugin, RunContext } from '../plugin.js';
import { createRunSignal } from './abort.js';
import type { PlannedStatement, RunOptions, RunResult, StepResult } from './contract.js';
import { asWritten } from '../source/envsub.js';
import { applyStep, writeState } from './step-protocol.js';

export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

export interface RunnerDeps {
  driver: Driver;
  source: Source;
  logger: Logger;
  plugins: readonly Plugin[];
  emit: (event: GodwitEvent) => void;
  appliedBy: string;
  toolVersion: string;
  /**
   * Called after a run that applied or rolled back something, before the lock is released, with
   * the version the database is now at (the migrator records the drift snapshot there: under the
   * run's own lock, no second lock to take and no store to read again).
   * Must not throw; a failure is the caller's to report as a warning.
   */
  beforeUnlock?: (version: number) => Promise<void>;
}

interface Prepared {
  step: PlanStep<Migration>;
  /** undefined for `skip` steps, which run nothing */
  prepared?: PreparedStep;
}

export async function runCommand(deps: RunnerDeps, command: Command, options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const { driver, emit } = deps;
  const dryRun = options.dryRun === true;
  const run = createRunSignal(options.signal, options.timeoutMs);
  const results: StepResult[] = [];
  const meta: Record<string, unknown> = {};
  let before = 0;
  let after = 0;
  let locked = false;
  let error: GodwitError | undefined;
  let ctx: RunContext | undefined;
  let applied: AppliedRecord[] = [];

  try {
    if (options.statementTimeoutMs && driver.capabilities.statementTimeout === false) {
      throw new GodwitError('USAGE', `--statement-timeout is not supported on ${driver.name}: a running statement cannot be interrupted there`, {
        hint: `drop --statement-timeout for ${driver.name} databases; --timeout is checked between statements, so split long statements into smaller ones`,
      });
    }
    const migrations = await deps.source.list();
    const planOptions = {
      allowMissing: options.allowMissing === true,
      skipUnsupported: options.skipUnsupported === true,
      resume: options.resume === true,
      allowIrreversible: options.allowIrreversible === true,
      ...(options.phase && { phase: options.phase }),
    };
    const prepared = new Map<string, PreparedStep>();

    // First, without the lock: plan and prepare, so a broken file stops the run before it
    // touches the database at all (no lock row, no store tables). A plan refused here is not
    // final: another runner may be mid-step (a dirty record it will clear), so the store is
    // judged again under the lock.
    if (!dryRun) {
      // Reading fails for real reasons (the server is unreachable): those are reported as is.
      const earlyApplied = await driver.store.applied();
      let early: Plan<Migration> | undefined;
      try {
        early = makePlan(migrations, earlyApplied, command, planOptions);
      } catch {
        early = undefined;
      }
      if (early) await prepareAll(driver, early, prepared);
    }

    if (!dryRun) {
      const lockStart = performance.now();
      await driver.locker.lock({
        timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
        signal: run.signal,
        onWait: (holder) => emit({ event: 'lock-wait', ...(holder !== undefined && { holder }) }),
      });
      locked = true;
      emit({ event: 'lock-acquired', waitedMs: Math.round(performance.now() - lockStart) });
      await driver.store.ensure();
    }

    applied = await driver.store.applied();
    before = highest(applied);
    after = before;

    const thePlan = makePlan(migrations, applied, command, planOptions);
    const resumed = thePlan.steps.find((s) => s.resumeFrom !== undefined);
    if (resumed) await assertFailedGoingUp(driver, resumed.migration);
    const steps = await prepareAll(driver, thePlan, prepared);

    emit({ event: 'run-start', command: command.kind, target: driver.target, steps: steps.length, dryRun });

    if (dryRun) {
      for (const { step, prepared } of steps) results.push(plannedResult(step, prepared));
      after = thePlan.targetVersion;
      if (thePlan.stop) error = thePlan.stop;
      return finish();
    }

    ctx = {
      command: command.kind,
      driver,
      logger: deps.logger,
      steps: thePlan.steps,
      currentVersion: before,
      targetVersion: thePlan.targetVersion,
      meta,
    };
    for (const plugin of deps.plugins) await plugin.beforeRun?.(ctx);

    const appliedVersions = new Set(applied.map((r) => r.version));
    let earlierInRun = 0;
    const applyCtx: ApplyContext = {
      signal: run.signal,
      appliedBy: deps.appliedBy,
      toolVersion: deps.toolVersion,
      ...(options.statementTimeoutMs !== undefined && { statementTimeoutMs: options.statementTimeoutMs }),
      ...(options.lockTimeoutMs !== undefined && { lockTimeoutMs: options.lockTimeoutMs }),
      // Built after the beforeRun hooks on purpose: a backup plugin records its file in meta
      // there, and every history row of the run should say which backup preceded it.
      ...(typeof meta.backup === 'string' && { note: `backup: ${meta.backup}` }),
      ...(options.migrationDefaults !== undefined && { migrationDefaults: options.migrationDefaults }),
    };

    for (const [index, { step, prepared }] of steps.entries()) {
      if (run.signal.aborted) {
        error = run.toError(`${results.length} of ${steps.length} step(s) done before it stopped`);
        break;
      }
      if (step.expandInSameRun !== undefined) {
        emit({
          event: 'warning',
          message: `contract migration ${step.migration.version} runs in the same run as its expand migration ${step.expandInSameRun}: the application never ran between them (use \`godwit up --phase expand\`, deploy, then \`--phase contract\`)`,
          file: step.migration.file,
        });
      }
      const position = { index, total: steps.length, previousVersion: highestBelow(appliedVersions, step.migration.version, after), earlierInRun };
      const result = await runStep(deps, ctx, step, prepared, applyCtx, position);
      results.push(result);
      if (result.status === 'applied' && result.direction !== 'skip') earlierInRun++;
      if (result.status === 'failed') {
        // A step that failed because the run was cancelled reports the cancellation (with the
        // driver's own error as the cause), so the user sees "timeout", not a driver message.
        error = run.signal.aborted
          ? withLocation(
              run.toError(`migration ${step.migration.version} was interrupted; ${index} of ${steps.length} step(s) done`),
              step.migration,
            )
          : result.error;
        if (error) result.error = error;
        break;
      }
      // Kept up to date step by step, so a run of 2,000 costs per step what a run of 500 does.
      if (step.direction === 'down') {
        appliedVersions.delete(step.migration.version);
        if (step.migration.version === after) after = highestBelow(appliedVersions, Number.POSITIVE_INFINITY);
      } else {
        appliedVersions.add(step.migration.version);
        if (step.migration.version > after) after = step.migration.version;
      }
    }
    if (!error && thePlan.stop) error = thePlan.stop;
    await finishRun();
  } catch (e) {
    // A driver that gave up because the run's signal fired reports "cancelled"; say why it fired.
    const cancelled = !(e instanceof GodwitError) || e.code === 'ABORTED';
    error = run.signal.aborted && cancelled ? run.toError('stopped before any migration ran') : asError(e);
  }
  return finish();

  /** Let a driver that kept one transaction for the run commit or roll it back. */
  async function finishRun(): Promise<void> {
    if (!driver.finishRun || results.length === 0) return;
    let kept = false;
    try {
      kept = (await driver.finishRun({ ok: error === undefined })).kept;
    } catch (e) {
      error = asError(e);
    }
    if (kept) return;
    for (const r of results) if (r.status === 'applied') r.status = 'rolled-back';
    after = before;
  }

  async function finish(): Promise<RunResult> {
    if (locked) {
      if (deps.beforeUnlock && error === undefined && !dryRun && results.some((r) => r.status === 'applied')) await deps.beforeUnlock(after);
      try {
        await driver.locker.unlock();
        emit({ event: 'lock-released' });
      } catch (e) {
        // The lock dies with the session anyway; a failed release must not hide the run's outcome.
        emit({ event: 'unlock-failed', error: asError(e).message });
      }
    }
    run.dispose();
    const result: RunResult = {
      ok: error === undefined,
      command: command.kind,
      dryRun,
      before,
      after,
      results,
      durationMs: Math.round(performance.now() - started),
      ...(error !== undefined && { error }),
      meta,
    };
    if (ctx) {
      if (error) for (const plugin of deps.plugins) await safeHook(emit, plugin, () => plugin.onError?.(error!, ctx!));
      for (const plugin of deps.plugins) await safeHook(emit, plugin, () => plugin.afterRun?.(result, ctx!));
    }
    const appliedCount = results.filter((r) => r.status === 'applied').length;
    emit({ event: 'run-end', ok: result.ok, applied: appliedCount, durationMs: result.durationMs, before, after });
    return result;
  }
}

/**
 * Load and prepare every step up front: a broken file anywhere stops the run before any change.
 * `cache` keeps what was prepared before the lock, so the second pass costs nothing.
 */
async function prepareAll(driver: Driver, thePlan: Plan<Migration>, cache: Map<string, PreparedStep>): Promise<Prepared[]> {
  const out: Prepared[] = [];
  if (driver.preparePlan) {
    const fresh = thePlan.steps.filter((s) => s.direction !== 'skip' && !s.recordOnly && !cache.has(`${s.direction}:${s.migration.version}`));
    const parts = await Promise.all(
      fresh.map(async (s) => ({ migration: s.migration, loaded: await s.migration.load(), direction: s.direction as 'up' | 'down' })),
    );
    if (parts.length > 0) await driver.preparePlan(parts);
  }
  for (const step of thePlan.steps) {
    if (step.direction === 'skip' || step.recordOnly) {
      out.push({ step });
      continue;
    }
    const key = `${step.direction}:${step.migration.version}`;
    const cached = cache.get(key);
    if (cached) {
      out.push({ step, prepared: cached });
      continue;
    }
    const loaded = await step.migration.load();
    const part = step.direction === 'up' ? loaded.up : loaded.down;
    if (!part) {
      throw new GodwitError('IRREVERSIBLE', `migration ${step.migration.version} has no down part`, {
        file: step.migration.file,
        version: step.migration.version,
      });
    }
    if (!driver.capabilities.partKinds.includes(part.kind)) {
      throw new GodwitError(
        'FORMAT_NOT_SUPPORTED',
        `${part.kind === 'json' ? 'JSON command' : 'SQL'} migrations cannot run on ${driver.name}`,
        {
          file: part.file,
          version: step.migration.version,
          hint:
            part.kind === 'json'
              ? 'JSON command migrations are for MongoDB; point --database at a mongodb:// URL'
              : 'SQL migrations need a SQL database (postgres or sqlite)',
        },
      );
    }
    // `-- +godwit BATCH`: refused where the driver has no batches (batch/batched-step.ts).
    checkBatchSupport(driver, part, step.migration.version);
    // A step holding a batched backfill runs outside a transaction, whatever its driver decided.
    const prepared = asBatchedStep(await driver.prepare(step.migration, loaded, step.direction));
    if (part.kind === 'sql' && part.substitutions?.length) prepared.substitutions = part.substitutions;
    cache.set(key, prepared);
    out.push({ step, prepared });
  }
  return out;
}

interface StepPosition {
  index: number;
  total: number;
  /** highest version below the step's that the run knows applied */
  previousVersion: number;
  /** steps this run applied before this one */
  earlierInRun: number;
}

async function runStep(
  deps: RunnerDeps,
  ctx: RunContext,
  step: PlanStep<Migration>,
  prepared: PreparedStep | undefined,
  applyCtx: ApplyContext,
  { index, total, previousVersion, earlierInRun }: StepPosition,
): Promise<StepResult> {
  const { migration, direction } = step;
  const transactional = (prepared?.transactional ?? true) && step.resumeFrom === undefined;
  const note = stepNote(step, prepared);
  deps.emit({
    event: 'migrating',
    version: migration.version,
    name: migration.name,
    direction,
    index: index + 1,
    total,
    transactional,
    ...(note !== undefined && { note }),
  });
  const started = performance.now();
  const base = {
    version: migration.version,
    name: migration.name,
    direction,
    transactional,
    ...(note !== undefined && { note }),
  };
  try {
    for (const plugin of deps.plugins) await plugin.beforeMigration?.(step, ctx);
    let status: 'applied' | 'skipped-concurrent' = 'applied';
    // What the history row records for the step; the result says the same, so `godwit history`
    // and the run's own output agree (plugin hooks and the commit are the run's total, not the step's).
    let recordedMs: number | undefined;
    if (prepared) {
      ({ status, executionMs: recordedMs } = (
        await applyStep({
          driver: deps.driver,
          step: prepared,
          ctx: applyCtx,
          previousVersion,
          earlierInRun,
          ...(step.resumeFrom !== undefined && { resumeFrom: step.resumeFrom }),
          onRetry: ({ version, tries, retries, delayMs, message }) =>
            deps.emit({ event: 'lock-retry', version, name: migration.name, tries, retries, delayMs, error: message }),
          // batched backfills: rows done, estimate, rate and ETA (the CLI draws them on a terminal)
          onBatch: (report) => deps.emit({ event: 'batch-progress', version: migration.version, name: migration.name, ...report }),
        })
      ));
    } else if (step.recordOnly) {
      await writeState(
        deps.driver,
        {
          remove: [migration.version],
          upsert: [],
          history: [{ version: migration.version, name: migration.name, direction: 'down', note: RECORD_ONLY_NOTE }],
        },
        applyCtx,
      );
    } else {
      await writeState(
        deps.driver,
        {
          remove: [],
          upsert: [{ version: migration.version, name: migration.name, checksum: migration.checksum }],
          history: [{ version: migration.version, name: migration.name, direction: 'skip' }],
        },
        applyCtx,
      );
    }
    const durationMs = status === 'applied' && recordedMs !== undefined ? recordedMs : Math.round(performance.now() - started);
    const result: StepResult = { ...base, status, durationMs };
    deps.emit({ event: 'migrated', version: migration.version, name: migration.name, direction, durationMs, status });
    for (const plugin of deps.plugins) await plugin.afterMigration?.(step, result, ctx);
    return result;
  } catch (e) {
    const durationMs = Math.round(performance.now() - started);
    const error = asError(e, migration);
    deps.emit({ event: 'migration-failed', version: migration.version, name: migration.name, direction, durationMs, error });
    return { ...base, status: 'failed', durationMs, error };
  }
}

const RECORD_ONLY_NOTE = 'irreversible: recorded as rolled back without running anything (--allow-irreversible)';

/** Why a step runs the way it does, for people: the driver's note, or what --resume/--allow-irreversible changed. */
function stepNote(step: PlanStep<Migration>, prepared: PreparedStep | undefined): string | undefined {
  if (step.recordOnly) return RECORD_ONLY_NOTE;
  if (step.resumeFrom !== undefined && prepared) {
    const total = prepared.statements.length;
    return `resumed at statement ${step.resumeFrom + 1} of ${total} (statements 1-${step.resumeFrom} completed in the failed run)`;
  }
  return prepared?.note;
}

/**
 * `up --resume` continues a failed up only: a dirty record left by a failed down has the same
 * shape, so the history says which it was. Read under the lock, like the plan.
 */
async function assertFailedGoingUp(driver: Driver, migration: Migration): Promise<void> {
  const rows = await driver.store.history({ limit: 50 });
  const last = rows.find((r) => r.version === migration.version);
  if (last && last.direction === 'down') {
    throw new GodwitError('DIRTY', `cannot resume migration ${migration.version}: it stopped part-way through a rollback (down), not an up`, {
      file: migration.file,
      version: migration.version,
      hint: `finish or undo the rollback by hand, then record the real state with \`godwit force\``,
    });
  }
}

function plannedResult(step: PlanStep<Migration>, prepared: PreparedStep | undefined): StepResult {
  const note = stepNote(step, prepared);
  const all: PlannedStatement[] = (prepared?.statements ?? []).map((s) => ({
    // as written: an ENVSUB value never reaches a dry run's output
    text: asWritten(s.text, prepared?.substitutions),
    file: s.file,
    line: s.line,
  }));
  return {
    version: step.migration.version,
    name: step.migration.name,
    direction: step.direction,
    status: 'planned',
    durationMs: 0,
    transactional: (prepared?.transactional ?? true) && step.resumeFrom === undefined,
    ...(note !== undefined && { note }),
    // a resumed step sends only the statements after the completed ones
    statements: all.slice(step.resumeFrom ?? 0),
  };
}

/** The highest of `versions` below `version`; `highest`, when given, is the highest of all (a shortcut for the usual up). */
function highestBelow(versions: ReadonlySet<number>, version: number, highest?: number): number {
  if (highest !== undefined && highest < version && (highest === 0 || versions.has(highest))) return highest;
  let max = 0;
  for (const v of versions) if (v < version && v > max) max = v;
  return max;
}

function highest(records: readonly AppliedRecord[]): number {
  let max = 0;
  for (const r of records) if (r.version > max) max = r.version;
  return max;
}

function asError(e: unknown, migration?: Migration): GodwitError {
  return toGodwitError(e, 'MIGRATION_FAILED', migration ? { file: migration.file, version: migration.version } : {});
}

function withLocation(error: GodwitError, migration: Migration): GodwitError {
  return new GodwitError(error.code, error.message, {
    file: migration.file,
    version: migration.version,
    ...(error.hint !== undefined && { hint: error.hint }),
  });
}

async function safeHook(emit: (event: GodwitEvent) => void, plugin: Plugin, fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (e) {
    emit({ event: 'plugin-failed', plugin: plugin.name, error: asError(e).message });
  }
}
