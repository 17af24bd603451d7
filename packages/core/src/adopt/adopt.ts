/**
 * Adoption with I/O: `godwit adopt`, the automatic adoption before the first `up`, and the preview
 * `status` shows. Reads come first and write nothing (Godwit's store is read without being
 * created); a real adoption re-reads everything under the runner's lock and writes its records
 * and history rows through the step protocol's `writeState`, in one transaction where there is
 * one. The peer's table is only ever read, so a team can go back to the peer.
 */
import type { AppliedRecord, Driver, StateChange } from '../driver/contract.js';
import type { GodwitEvent } from '../events.js';
import type { Migration, Source } from '../migration.js';
import type { AdoptionPreview, AdoptOptions, AdoptResult, PeerTable } from './contract.js';
import { detectPeer, findPeer } from './find-peer.js';
import { ADOPTED_PREFIX, adoptedBy } from './peer-tables.js';
import { type AdoptionPlan, planAdoption, storeInUseError, storeUse } from './plan.js';

export interface AdoptDeps {
  driver: Driver;
  source: Source;
  emit: (event: GodwitEvent) => void;
  /** who ran it (user@host), kept in the history rows' note */
  appliedBy: string;
  /** the migrator's lock frame (shared with force): lock, run `fn`, unlock on every path */
  withLock<T>(o: Pick<AdoptOptions, 'lockTimeoutMs' | 'signal'>, fn: () => Promise<T>): Promise<T>;
  /** writeState and the end of the driver's run, as force records */
  record(change: StateChange, as: { appliedBy: string; note: string; signal?: AbortSignal }, what: string): Promise<void>;
}

/** `godwit adopt`: into an absent store, or refreshing an earlier adoption; refuses a store in use. */
export async function adopt(deps: AdoptDeps, o: AdoptOptions = {}): Promise<AdoptResult> {
  const { driver } = deps;
  const migrations = await deps.source.list();
  const decide = async () => {
    const applied = await adoptableStore(driver);
    const peer = await findPeer(driver, o.from, o.fromTable);
    return { applied, peer, plan: planAdoption(migrations, peer, applied) };
  };
  // First without the lock, like a run: a refusal (no table, dirty, a store in use) touches nothing.
  const early = await decide();
  if (o.dryRun) {
    deps.emit(adoptedEvent(early.peer, early.plan, false, false));
    return resultOf(early.peer, early.plan, true);
  }
  return deps.withLock(o, async () => {
    const { peer, plan } = await decide();
    await write(deps, peer, plan, o.signal);
    deps.emit(adoptedEvent(peer, plan, true, false));
    return resultOf(peer, plan, false);
  });
}

/**
 * Before an up command: when Godwit's store is absent and a peer's default table is there, adopt
 * it (under the lock, re-checked there: a concurrent runner may have done it). A dry run records
 * nothing and returns the records the store would hold, for the plan to be made against.
 * undefined: nothing to adopt.
 */
export async function adoptBeforeUp(
  deps: AdoptDeps,
  o: Pick<AdoptOptions, 'dryRun' | 'lockTimeoutMs' | 'signal'>,
): Promise<AppliedRecord[] | undefined> {
  const { driver } = deps;
  if (!driver.peers || !(await storeAbsent(driver))) return undefined;
  const first = await detectPeer(driver);
  if (!first) return undefined;
  const migrations = await deps.source.list();
  // Planned before the lock too, so a peer table that cannot be adopted (dirty) touches nothing.
  const early = planAdoption(migrations, first, []);
  if (o.dryRun) {
    deps.emit(adoptedEvent(first, early, false, true));
    return previewRecords(first, early);
  }
  await deps.withLock(o, async () => {
    if (!(await storeAbsent(driver))) return;
    const peer = await detectPeer(driver);
    if (!peer) return;
    const plan = planAdoption(migrations, peer, []);
    await write(deps, peer, plan, o.signal);
    deps.emit(adoptedEvent(peer, plan, true, true));
  });
  return undefined;
}

/**
 * `status` on a database a peer migrated and Godwit never touched: the records an adoption would
 * write (for the report) and what it would adopt. Read-only; a peer table that cannot be adopted
 * (dirty, both peers present) is reported as a warning, never as a failed status.
 */
export async function previewAdoption(
  deps: Pick<AdoptDeps, 'driver' | 'emit'>,
  migrations: readonly Migration[],
): Promise<{ records: AppliedRecord[]; preview: AdoptionPreview } | undefined> {
  const { driver } = deps;
  if (!driver.peers || !(await storeAbsent(driver))) return undefined;
  try {
    const peer = await detectPeer(driver);
    if (!peer) return undefined;
    const plan = planAdoption(migrations, peer, []);
    return {
      records: previewRecords(peer, plan),
      preview: { from: peer.kind, table: peer.table, versions: plan.versions.map((v) => v.version), missing: plan.missing },
    };
  } catch (e) {
    deps.emit({ event: 'warning', message: `cannot adopt: ${e instanceof Error ? e.message : String(e)}` });
    return undefined;
  }
}

/**
 * `godwit adopt` writes into an absent store, or refreshes one that holds nothing but an earlier
 * adoption (the team went back to the peer for a while); it refuses one Godwit has run on.
 */
async function adoptableStore(driver: Driver): Promise<AppliedRecord[]> {
  const applied = await driver.store.applied();
  // Records Godwit wrote itself settle it without reading the whole history.
  if (applied.some((r) => !r.appliedBy.startsWith(ADOPTED_PREFIX))) throw storeInUseError(driver.target);
  if (storeUse(applied, await driver.store.history()) === 'in-use') throw storeInUseError(driver.target);
  return applied;
}

/** Automatic adoption only fills an absent store: no records, and no history (a `reset` leaves some). */
async function storeAbsent(driver: Driver): Promise<boolean> {
  // History first: one row answers for any store in use, where reading every record before each
  // up (the runner reads them again) would cost a store of thousands of versions twice.
  if ((await driver.store.history({ limit: 1 })).length > 0) return false;
  return (await driver.store.applied()).length === 0;
}

async function write(deps: AdoptDeps, peer: PeerTable, plan: AdoptionPlan, signal?: AbortSignal): Promise<void> {
  const { change } = plan;
  if (change.upsert.length === 0 && change.remove.length === 0) return;
  await deps.driver.store.ensure();
  await deps.record(
    change,
    { appliedBy: adoptedBy(peer.kind), note: `${adoptedBy(peer.kind)} (${peer.table}) by ${deps.appliedBy}`, ...(signal && { signal }) },
    `adopting ${peer.kind}'s ${peer.table}`,
  );
}

function previewRecords(peer: PeerTable, plan: AdoptionPlan): AppliedRecord[] {
  const now = new Date();
  return plan.records.map((r) => ({ ...r, appliedAt: now, executionMs: 0, appliedBy: adoptedBy(peer.kind), dirty: false }));
}

function adoptedEvent(peer: PeerTable, plan: AdoptionPlan, recorded: boolean, auto: boolean): GodwitEvent {
  return { event: 'adopted', from: peer.kind, table: peer.table, versions: plan.versions.length, missing: plan.missing, recorded, auto };
}

function resultOf(peer: PeerTable, plan: AdoptionPlan, dryRun: boolean): AdoptResult {
  return {
    from: peer.kind,
    table: peer.table,
    dryRun,
    peerVersion: plan.peerVersion,
    versions: plan.versions,
    missing: plan.missing,
    recorded: plan.change.upsert.map((u) => u.version),
    removed: plan.change.remove,
  };
}
