/**
 * The planner: a pure function of (files, applied records, command, options) that returns the
 * steps to run or throws a GodwitError saying exactly what stands in the way. No I/O, so every
 * case is unit-tested without a database.
 *
 * Every command first checks the store (dirty, then missing files, then edited files), because
 * running anything on top of a store in doubt would compound the damage.
 */
import type { AppliedRecord } from '../driver/contract.js';
import { GodwitError } from '../errors.js';
import type { MigrationPhase } from '../migration.js';
import type { Command, MigrationInfo, Plan, PlanOptions, PlanStep } from './contract.js';
import { irreversibleError, missingFileError, outOfOrderError, unknownVersionError, unsupportedError } from './plan-errors.js';
import { assertHealthy, type Indexed, indexState, previousApplied } from './store-check.js';

export function plan<M extends MigrationInfo>(
  migrations: readonly M[],
  applied: readonly AppliedRecord[],
  command: Command,
  options: PlanOptions = {},
): Plan<M> {
  const state = indexState(migrations, applied);
  if (options.phase && !command.kind.startsWith('up')) {
    throw new GodwitError('USAGE', `--phase ${options.phase} chooses which pending migrations to apply; it does not apply to ${command.kind}`, {
      hint: 'drop --phase, or use it with `godwit up`',
    });
  }
  const resuming = options.resume ? resumable(state, command) : undefined;
  assertHealthy(state, resuming?.record);

  switch (command.kind) {
    case 'up':
      return finish(state, command, planUp(state, options, undefined, resuming));
    case 'up-by-one': {
      const up = planUp(state, options, undefined, resuming);
      // The first step only; a stop right at the start stays a stop.
      const first = up.steps.slice(0, 1);
      return finish(state, command, first.length ? { steps: first } : up);
    }
    case 'up-to': {
      assertVersionArgument(command.kind, command.version);
      if (!state.fileByVersion.has(command.version)) {
        throw unknownVersionError(command.kind, command.version, state.migrations.map((m) => m.version), 'file');
      }
      return finish(state, command, planUp(state, options, command.version, resuming));
    }
    case 'down':
      return finish(state, command, { steps: planDownTo(state, previousApplied(state, state.current), options) });
    case 'down-to': {
      assertVersionArgument(command.kind, command.version);
      if (command.version !== 0 && !state.recordByVersion.has(command.version)) {
        throw unknownVersionError(command.kind, command.version, state.applied.map((r) => r.version), 'applied');
      }
      return finish(state, command, { steps: planDownTo(state, command.version, options) });
    }
    case 'redo': {
      // Never record-only: redo must run the down to have anything to run up again.
      const down = planDownTo(state, previousApplied(state, state.current));
      const again = down.map((s): PlanStep<M> => ({ direction: 'up', migration: s.migration }));
      return finish(state, command, { steps: [...down, ...again] });
    }
    case 'reset':
      return finish(state, command, { steps: planDownTo(state, 0, options) });
    default: {
      const unknown: never = command;
      throw new GodwitError('USAGE', `unknown command ${JSON.stringify((unknown as { kind?: unknown }).kind)}`);
    }
  }
}

interface Draft<M extends MigrationInfo> {
  steps: PlanStep<M>[];
  stop?: GodwitError;
}

interface Resuming<M extends MigrationInfo> {
  record: AppliedRecord;
  migration: M;
}

/**
 * The dirty record `up --resume` continues: exactly one, with its file, run by godwit. Anything
 * else is refused here with the reason; no dirty record at all is an ordinary up.
 */
function resumable<M extends MigrationInfo>(state: Indexed<M>, command: Command): Resuming<M> | undefined {
  if (command.kind !== 'up' && command.kind !== 'up-by-one' && command.kind !== 'up-to') {
    throw new GodwitError('USAGE', `--resume continues a failed up; it does not apply to ${command.kind}`, {
      hint: 'run `godwit up --resume`',
    });
  }
  const dirty = state.applied.filter((r) => r.dirty);
  if (dirty.length === 0) return undefined;
  if (dirty.length > 1) {
    throw new GodwitError('DIRTY', `--resume continues one failed migration, but ${dirty.length} are dirty: ${dirty.map((r) => r.version).join(', ')}`, {
      version: dirty[0]!.version,
      hint: `record the real state of each with \`godwit force\` (see \`godwit status\`), then run again`,
    });
  }
  const record = dirty[0]!;
  const migration = state.fileByVersion.get(record.version);
  if (!migration) throw missingFileError(record, previousApplied(state, record.version));
  if (migration.format === 'unsupported') throw unsupportedError(migration);
  return { record, migration };
}

/** Pending files in ascending order, up to `limit` when given, stopping before unsupported ones. */
function planUp<M extends MigrationInfo>(state: Indexed<M>, options: PlanOptions, limit?: number, resuming?: Resuming<M>): Draft<M> {
  const pending = state.migrations.filter((m) => !state.recordByVersion.has(m.version));
  const outOfOrder = pending.filter((m) => m.version < state.current);
  if (outOfOrder.length && !options.allowMissing) throw outOfOrderError(outOfOrder, state.current);

  const steps: PlanStep<M>[] = [];
  const inPhase = options.phase ? pendingInPhase(pending, options.phase) : pending;
  // The resumed migration first: it is the one the failed run was in the middle of.
  if (resuming) steps.push({ direction: 'up', migration: resuming.migration, resumeFrom: resuming.record.statementsDone ?? 0 });
  for (const m of inPhase) {
    if (limit !== undefined && m.version > limit) break;
    if (m.format === 'unsupported') {
      if (!options.skipUnsupported) return { steps, stop: unsupportedError(m) };
      steps.push({ direction: 'skip', migration: m });
    } else {
      steps.push({ direction: 'up', migration: m });
    }
  }
  return { steps: flagContractsAfterExpand(state, steps) };
}

/**
 * `--phase expand`: the pending migrations before the first pending contract one.
 * `--phase contract`: the rest, refused while any of the expand part is pending.
 */
function pendingInPhase<M extends MigrationInfo>(pending: M[], phase: MigrationPhase): M[] {
  const firstContract = pending.findIndex((m) => m.phase === 'contract');
  const expandPart = firstContract === -1 ? pending : pending.slice(0, firstContract);
  if (phase === 'expand') return expandPart;
  if (expandPart.length > 0) {
    const versions = expandPart.map((m) => m.version);
    const what = firstContract === -1 ? 'and no contract migration is pending' : `before contract migration ${pending[firstContract]!.version}`;
    throw new GodwitError('USAGE', `--phase contract: ${versions.length} migration(s) of the expand phase are pending (${versions.join(', ')}) ${what}`, {
      version: versions[0]!,
      hint: 'run `godwit up --phase expand`, deploy the application that works with both shapes, then run `godwit up --phase contract`',
    });
  }
  return pending;
}

/**
 * Marks each contract step whose expand partner (the nearest expand migration below it) is also
 * a step of this plan: the application never runs between the two, which the CLI warns about.
 */
function flagContractsAfterExpand<M extends MigrationInfo>(state: Indexed<M>, steps: PlanStep<M>[]): PlanStep<M>[] {
  const inPlan = new Set(steps.map((s) => s.migration.version));
  let partner: M | undefined;
  for (const m of state.migrations) {
    if (m.phase === 'expand') partner = m;
    if (m.phase !== 'contract' || !partner || !inPlan.has(m.version) || !inPlan.has(partner.version)) continue;
    const step = steps.find((s) => s.migration.version === m.version)!;
    step.expandInSameRun = partner.version;
  }
  return steps;
}

/**
 * Down steps for every applied version above `target`, highest first. Refuses the whole plan if
 * any of them cannot be rolled back, so a down-to never stops half-way on a known obstacle.
 */
function planDownTo<M extends MigrationInfo>(state: Indexed<M>, target: number, options: PlanOptions = {}): PlanStep<M>[] {
  const steps: PlanStep<M>[] = [];
  for (const record of [...state.applied].reverse()) {
    if (record.version <= target) break;
    // assertHealthy has already refused applied records without a file.
    const m = state.fileByVersion.get(record.version)!;
    if (m.format === 'unsupported' || !m.reversible) {
      if (!options.allowIrreversible) throw irreversibleError(m, previousApplied(state, m.version), m.version === state.current);
      steps.push({ direction: 'down', migration: m, recordOnly: true });
      continue;
    }
    steps.push({ direction: 'down', migration: m });
  }
  return steps;
}

function assertVersionArgument(command: string, version: number): void {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new GodwitError('USAGE', `${command}: version must be a whole number of 0 or more, got ${version}`, {
      hint: `e.g. \`godwit ${command} 3\``,
    });
  }
}

function finish<M extends MigrationInfo>(state: Indexed<M>, command: Command, draft: Draft<M>): Plan<M> {
  return {
    command,
    steps: draft.steps,
    currentVersion: state.current,
    targetVersion: versionAfter(state, draft.steps),
    ...(draft.stop && { stop: draft.stop }),
  };
}

/** The highest version recorded once every step has run (skip steps record too). */
function versionAfter(state: Indexed<MigrationInfo>, steps: readonly PlanStep[]): number {
  const versions = new Set(state.applied.map((r) => r.version));
  for (const step of steps) {
    if (step.direction === 'down') versions.delete(step.migration.version);
    else versions.add(step.migration.version);
  }
  return versions.size ? Math.max(...versions) : 0;
}
