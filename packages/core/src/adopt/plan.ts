/**
 * What an adoption writes, from the files, the peer's rows and Godwit's own store. Pure, like the
 * planner: every applied version of the peer becomes a clean record with the checksum of its file
 * as it is now (a goose `.go` migration too: it was applied, so it is adopted, not pending), a
 * version with no file is recorded all the same and reported `missing`, and one history row per
 * written version says where it came from.
 */
import type { AppliedRecord, HistoryRecord, StateChange } from '../driver/contract.js';
import { GodwitError } from '../errors.js';
import type { MigrationInfo } from '../plan/contract.js';
import type { AdoptedVersion, PeerTable } from './contract.js';
import { ADOPTED_PREFIX, adoptedBy } from './peer-tables.js';
import { peerAppliedVersions } from './peer-versions.js';

/**
 * `absent`: nothing recorded and no history (a new store, or none at all); `adopted`: only what
 * an earlier adoption wrote, so adopting again refreshes it; `in-use`: Godwit has run here.
 */
export type StoreUse = 'absent' | 'adopted' | 'in-use';

export function storeUse(applied: readonly AppliedRecord[], history: readonly HistoryRecord[]): StoreUse {
  if (applied.length === 0 && history.length === 0) return 'absent';
  const adoptedOnly =
    applied.every((r) => r.appliedBy.startsWith(ADOPTED_PREFIX)) &&
    history.every((h) => h.direction === 'baseline' && h.note?.startsWith(ADOPTED_PREFIX) === true);
  return adoptedOnly ? 'adopted' : 'in-use';
}

export interface AdoptionPlan {
  change: StateChange;
  versions: AdoptedVersion[];
  missing: number[];
  peerVersion: number;
  /** the records Godwit's store will hold: for previews (status, dry runs) */
  records: Array<Pick<AppliedRecord, 'version' | 'name' | 'checksum'>>;
}

/**
 * `applied`: Godwit's records now (empty, or an earlier adoption's). Throws when the peer's
 * table cannot be adopted (golang-migrate dirty, a row godwit cannot record).
 */
export function planAdoption(migrations: readonly MigrationInfo[], peer: PeerTable, applied: readonly AppliedRecord[]): AdoptionPlan {
  const fileByVersion = new Map(migrations.map((m) => [m.version, m]));
  const versions: AdoptedVersion[] = peerAppliedVersions(peer, migrations).map((version) => {
    const file = fileByVersion.get(version);
    return file
      ? { version, name: file.name, state: 'adopted', file: file.file }
      : // The peer keeps no names: this one says where the record came from, wherever it is shown.
        { version, name: adoptedBy(peer.kind), state: 'missing' };
  });
  // No file, no checksum: the record says so, and `status` shows it missing until the file is back.
  const records = versions.map((v) => ({ version: v.version, name: v.name, checksum: fileByVersion.get(v.version)?.checksum ?? '' }));
  const before = new Map(applied.map((r) => [r.version, r]));
  const upsert = records.filter((r) => {
    const old = before.get(r.version);
    return !old || old.dirty || old.checksum !== r.checksum || old.name !== r.name;
  });
  const kept = new Set(records.map((r) => r.version));
  const remove = applied.filter((r) => !kept.has(r.version)).map((r) => r.version);
  return {
    change: {
      remove,
      upsert,
      history: [
        ...upsert.map((u) => ({ version: u.version, name: u.name, direction: 'baseline' as const })),
        ...remove.map((version) => ({ version, name: before.get(version)?.name ?? '', direction: 'baseline' as const })),
      ].sort((a, b) => a.version - b.version),
    },
    versions,
    missing: versions.filter((v) => v.state === 'missing').map((v) => v.version),
    peerVersion: versions.at(-1)?.version ?? 0,
    records,
  };
}

/** Godwit has run migrations here: adopting now would overwrite what it knows with a peer's view. */
export function storeInUseError(target: string): GodwitError {
  return new GodwitError('USAGE', `godwit's store on ${target} already records its own runs; adopt only fills an empty store`, {
    hint: 'godwit status shows what is recorded; `godwit force <version>` rewrites it when it is wrong',
  });
}
