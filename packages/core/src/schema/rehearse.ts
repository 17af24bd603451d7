/**
 * `godwit rehearse`: run the pending migrations on the real target inside one transaction, note
 * per migration the time, the locks it took and the rows it changed, then roll everything back.
 * Only for drivers whose DDL is transactional (PostgreSQL, SQLite). The run's lock is taken (a
 * rehearsal must not race a real run), and the schema and the store are compared before and
 * after, so "it left nothing behind" is checked, not assumed. A migration that cannot run in a
 * transaction (NO TRANSACTION, CONCURRENTLY) is not rehearsable: reported and skipped.
 */
import { createHash } from 'node:crypto';
import type { Driver, PreparedStatement, PreparedStep, RehearsalProbe, StatementLimits, StepSession } from '../driver/contract.js';
import { GodwitError } from '../errors.js';
import type { Migration, Source } from '../migration.js';
import { computeStatus } from '../plan/status.js';
import { DEFAULT_LOCK_TIMEOUT_MS } from '../run/runner.js';
import { diffSnapshots } from './diff.js';
import type { SchemaChange, SchemaSnapshot } from './contract.js';

export interface RehearsalStep {
  version: number;
  name: string;
  /** `failed`: a statement failed (the rehearsal stopped there); `skipped`: not rehearsable */
  status: 'rehearsed' | 'skipped' | 'failed';
  durationMs: number;
  /** locks held after it that no earlier migration of the rehearsal held: `ACCESS EXCLUSIVE on orders` */
  locks: string[];
  /** rows inserted, updated or deleted by it */
  rows: number;
  /** why it was skipped */
  reason?: string;
  error?: GodwitError;
}

export interface RehearsalReport {
  ok: boolean;
  steps: RehearsalStep[];
  /** the database and the store are as they were (schema hash and store rows compared) */
  unchanged: boolean;
  /** what differs when `unchanged` is false (the schema's changes) */
  changes: SchemaChange[];
  durationMs: number;
}

export interface RehearseOptions extends StatementLimits {
  /** how long to wait for another runner's lock, ms */
  migrationLockTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Thrown inside the transaction to roll it back once the rehearsal is over. */
class RollBack extends Error {}

export async function rehearse(driver: Driver, source: Source, options: RehearseOptions = {}): Promise<RehearsalReport> {
  const probe = driver.rehearsal as RehearsalProbe<StepSession> | undefined;
  if (!driver.transaction || !driver.capabilities.transactionalDdl || !probe || !driver.inspect) {
    throw new GodwitError('USAGE', `${driver.name} has no transactional DDL, so a migration cannot be run and rolled back there`, {
      hint: 'godwit test proves the migrations on a scratch database instead',
    });
  }
  const inspect = driver.inspect.bind(driver);
  const started = performance.now();
  const signal = options.signal ?? new AbortController().signal;
  const migrations = await source.list();
  await driver.locker.lock({ timeoutMs: options.migrationLockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, signal });
  try {
    const before = await picture(driver, inspect);
    const status = computeStatus(migrations, await driver.store.applied());
    if (status.dirty) {
      throw new GodwitError('DIRTY', 'the store is dirty: a rehearsal would start from an unknown state', {
        hint: 'repair the failed migration and run godwit force <version> first',
      });
    }
    const byVersion = new Map(migrations.map((m) => [m.version, m]));
    const pending = status.migrations.filter((e) => e.state === 'pending').map((e) => byVersion.get(e.version)!);
    const prepared: Array<{ m: Migration; step?: PreparedStep; reason?: string }> = [];
    for (const m of pending) {
      if (m.format === 'unsupported') {
        prepared.push({ m, reason: 'another tool\'s code migration: Godwit cannot run it' });
        continue;
      }
      const step = await driver.prepare(m, await m.load(), 'up');
      prepared.push(step.transactional ? { m, step } : { m, reason: step.note ?? 'it cannot run inside a transaction' });
    }
    const steps: RehearsalStep[] = [];
    const limits: StatementLimits = {
      ...(options.statementTimeoutMs !== undefined && { statementTimeoutMs: options.statementTimeoutMs }),
      ...(options.lockTimeoutMs !== undefined && { lockTimeoutMs: options.lockTimeoutMs }),
    };
    try {
      await driver.transaction(limits, async (s) => {
        const held = new Set(await probe.locks(s));
        let rows = await probe.rowsChanged(s);
        for (const { m, step, reason } of prepared) {
          if (!step) {
            steps.push({ version: m.version, name: m.name, status: 'skipped', durationMs: 0, locks: [], rows: 0, reason: reason ?? '' });
            continue;
          }
          const t = performance.now();
          let current: PreparedStatement | undefined;
          try {
            for (const statement of step.statements) {
              current = statement;
              await s.exec(statement, signal);
            }
          } catch (e) {
            const facts = driver.describeError(e, current);
            steps.push({
              version: m.version,
              name: m.name,
              status: 'failed',
              durationMs: Math.round(performance.now() - t),
              locks: [],
              rows: 0,
              error: new GodwitError('MIGRATION_FAILED', facts.message, {
                file: current?.file ?? m.file,
                version: m.version,
                ...((facts.line ?? current?.line) !== undefined && { line: facts.line ?? current?.line }),
                ...(facts.advice !== undefined && { hint: facts.advice }),
                cause: e,
              }),
            });
            throw new RollBack();
          }
          const durationMs = Math.round(performance.now() - t);
          const locks = (await probe.locks(s)).filter((l) => !held.has(l));
          for (const l of locks) held.add(l);
          const now = await probe.rowsChanged(s);
          steps.push({ version: m.version, name: m.name, status: 'rehearsed', durationMs, locks, rows: now - rows });
          rows = now;
        }
        throw new RollBack();
      });
    } catch (e) {
      if (!(e instanceof RollBack)) throw e;
    }
    const after = await picture(driver, inspect);
    const changes = diffSnapshots(before.schema, after.schema);
    const unchanged = before.hash === after.hash;
    return {
      ok: unchanged && steps.every((x) => x.status !== 'failed'),
      steps,
      unchanged,
      changes,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await driver.locker.unlock();
  }
}

/** The schema and every store row, hashed together: what "exactly as it was" is checked against. */
async function picture(driver: Driver, inspect: () => Promise<SchemaSnapshot>): Promise<{ schema: SchemaSnapshot; hash: string }> {
  // One after another: the driver may have one connection (pg warns about queries queued on one client).
  const schema = await inspect();
  const applied = await driver.store.applied();
  const history = await driver.store.history();
  const hash = createHash('sha256').update(JSON.stringify({ schema, applied, history })).digest('hex');
  return { schema, hash };
}
