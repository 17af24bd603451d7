/**
 * `godwit test`: prove every migration's round trip on a scratch database. For each migration in
 * order: snapshot, up, snapshot, down, snapshot (must equal the first: the down restored the
 * schema), up again (must succeed: a down that left something behind fails here). Irreversible
 * migrations are applied and noted. The first failure stops the proof: later migrations build on
 * that one. Runs through the migrator, so it exercises exactly what `up` and `down` run.
 */
import type { Driver } from '../driver/contract.js';
import { GodwitError } from '../errors.js';
import type { Migration } from '../migration.js';
import type { Migrator } from '../migrator-contract.js';
import type { RunResult } from '../run/contract.js';
import type { SchemaChange } from './contract.js';
import { diffSnapshots } from './diff.js';
import { canSnapshot } from './record.js';

export interface RoundTripStep {
  version: number;
  name: string;
  /** `applied`: before --from, applied once without a round trip */
  status: 'ok' | 'irreversible' | 'unsupported' | 'applied' | 'failed';
  /** where it failed: its up, its down, the schema after the down, or the second up */
  stage?: 'up' | 'down' | 'restore' | 'up-again';
  /** stage `restore`: the schema before the up -> the schema after the down */
  changes?: SchemaChange[];
  /** the file holding the down that failed or did not restore the schema */
  downFile?: string;
  error?: GodwitError;
  durationMs: number;
}

export interface RoundTripReport {
  ok: boolean;
  steps: RoundTripStep[];
  durationMs: number;
}

export interface RoundTripOptions {
  /** start the round trips at this version; the earlier migrations are applied once */
  from?: number;
  signal?: AbortSignal;
  /** called after each migration's round trip (progress) */
  onStep?: (step: RoundTripStep) => void;
}

/** `migrator` and `driver` must be on the scratch database: this applies and rolls back everything. */
export async function roundTrip(migrator: Migrator, driver: Driver, options: RoundTripOptions = {}): Promise<RoundTripReport> {
  if (!canSnapshot(driver)) {
    throw new GodwitError('USAGE', `the ${driver.name} driver cannot inspect its schema, so godwit test cannot compare it`, {
      hint: 'use the postgres, sqlite or mongodb driver',
    });
  }
  const started = performance.now();
  const all = await migrator.list();
  const from = options.from ?? 0;
  const earlier = all.filter((m) => m.version < from);
  const proved = all.filter((m) => m.version >= from);
  if (options.from !== undefined && proved.length === 0) {
    throw new GodwitError('USAGE', `--from ${from}: no migration has version ${from} or higher`, {
      hint: `the highest version is ${all.at(-1)?.version ?? 0}`,
    });
  }
  const run = { skipUnsupported: true, ...(options.signal !== undefined && { signal: options.signal }) };
  const steps: RoundTripStep[] = [];
  const done = (s: RoundTripStep) => {
    steps.push(s);
    options.onStep?.(s);
    return s.status !== 'failed';
  };
  const finish = (): RoundTripReport => ({
    ok: steps.every((s) => s.status !== 'failed'),
    steps,
    durationMs: Math.round(performance.now() - started),
  });

  const last = earlier.at(-1);
  if (last) {
    const t = performance.now();
    const r = await migrator.upTo(last.version, run);
    const ms = Math.round(performance.now() - t);
    const failedAt = r.results.find((x) => x.status === 'failed')?.version;
    for (const m of earlier) {
      const failed = !r.ok && (failedAt === m.version || (failedAt === undefined && m === last));
      if (!done({ ...base(m), status: failed ? 'failed' : 'applied', ...(failed && { stage: 'up' as const, error: errorOf(r) }), durationMs: ms })) {
        return finish();
      }
    }
  }

  for (const m of proved) {
    const t = performance.now();
    const ms = () => Math.round(performance.now() - t);
    if (m.format === 'unsupported') {
      // Recorded as skipped by the up below (skipUnsupported): another tool's code never runs here.
      const r = await migrator.upTo(m.version, run);
      if (!done(r.ok ? { ...base(m), status: 'unsupported', durationMs: ms() } : { ...base(m), status: 'failed', stage: 'up', error: errorOf(r), durationMs: ms() })) break;
      continue;
    }
    const before = await driver.inspect();
    const up = await migrator.upTo(m.version, run);
    if (!up.ok) {
      done({ ...base(m), status: 'failed', stage: 'up', error: errorOf(up), durationMs: ms() });
      break;
    }
    if (!m.reversible) {
      done({ ...base(m), status: 'irreversible', durationMs: ms() });
      continue;
    }
    const downFile = m.downFile ?? m.file;
    const down = await migrator.down(run);
    if (!down.ok) {
      done({ ...base(m), status: 'failed', stage: 'down', downFile, error: errorOf(down), durationMs: ms() });
      break;
    }
    const changes = diffSnapshots(before, await driver.inspect());
    if (changes.length > 0) {
      done({ ...base(m), status: 'failed', stage: 'restore', downFile, changes, durationMs: ms() });
      break;
    }
    const again = await migrator.upTo(m.version, run);
    if (!again.ok) {
      done({ ...base(m), status: 'failed', stage: 'up-again', downFile, error: errorOf(again), durationMs: ms() });
      break;
    }
    done({ ...base(m), status: 'ok', durationMs: ms() });
  }
  return finish();
}

function base(m: Migration): Pick<RoundTripStep, 'version' | 'name'> {
  return { version: m.version, name: m.name };
}

function errorOf(r: RunResult): GodwitError {
  return r.error ?? new GodwitError('MIGRATION_FAILED', `${r.command} failed`);
}
