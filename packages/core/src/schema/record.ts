/**
 * Drift's two halves: after a run, record the live schema (`recordSnapshot`); later, compare the
 * live schema with that record (`checkDrift`). What changed in between happened outside migrations.
 */
import type { Driver } from '../driver/contract.js';
import { GodwitError } from '../errors.js';
import type { SchemaChange, SchemaSnapshot, SnapshotStore } from './contract.js';
import { diffSnapshots } from './diff.js';
import { decodeSnapshot, encodeSnapshot, snapshotHash } from './encode.js';

export interface DriftReport {
  /** the snapshot the last run recorded */
  recorded: { version: number; hash: string; takenAt: Date };
  /** the live schema's hash */
  hash: string;
  /** recorded -> live: an empty list means no drift */
  changes: SchemaChange[];
}

/** Whether the driver can take and keep snapshots (the memory driver, for one, cannot). */
export function canSnapshot(driver: Driver): driver is Driver & { inspect: () => Promise<SchemaSnapshot>; snapshots: SnapshotStore } {
  return typeof driver.inspect === 'function' && driver.snapshots !== undefined;
}

/**
 * Inspect the schema and keep it with its hash, stamped with the highest applied version:
 * `version` when the caller knows it (a run about to release its lock), else read from the store.
 */
export async function recordSnapshot(driver: Driver, known?: number): Promise<{ hash: string; version: number }> {
  const inspecting = requireSnapshots(driver, 'record a schema snapshot');
  const snapshot = await inspecting.inspect();
  const version = known ?? (await driver.store.applied()).reduce((max, r) => Math.max(max, r.version), 0);
  const stored = encodeSnapshot(snapshot, version);
  await inspecting.snapshots.record(stored);
  return { hash: stored.hash, version };
}

export async function checkDrift(driver: Driver): Promise<DriftReport> {
  const inspecting = requireSnapshots(driver, 'check for drift');
  const stored = await inspecting.snapshots.latest();
  if (!stored) {
    throw new GodwitError('VALIDATION_FAILED', `no schema snapshot is recorded in ${driver.target} yet, so there is nothing to compare with`, {
      hint: 'godwit up records one after it applies migrations; godwit force <current version> records one now',
    });
  }
  const live = await inspecting.inspect();
  const hash = snapshotHash(live);
  const recorded = { version: stored.version, hash: stored.hash, takenAt: stored.takenAt };
  // Equal hashes: nothing to decode.
  if (hash === stored.hash) return { recorded, hash, changes: [] };
  return { recorded, hash, changes: diffSnapshots(decodeSnapshot(stored), live) };
}

function requireSnapshots(driver: Driver, what: string) {
  if (!canSnapshot(driver)) {
    throw new GodwitError('USAGE', `the ${driver.name} driver cannot ${what}: it does not inspect its schema`, {
      hint: 'use the postgres, sqlite or mongodb driver',
    });
  }
  return driver;
}
