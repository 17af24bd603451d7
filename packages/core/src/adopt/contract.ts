/**
 * Adopting a database that goose or golang-migrate migrated: the peer's version table as a driver
 * reads it (rows exactly as the peer wrote them; core interprets them once, in peer-versions.ts),
 * and what `migrator.adopt` takes and returns.
 */

/** The tools whose version tables Godwit can adopt. */
export type PeerKind = 'goose' | 'golang-migrate';

/** One row of goose's table, as goose inserts it: `(version_id, is_applied)`, numbered by `id`. */
export interface GooseRow {
  id: number;
  versionId: number;
  isApplied: boolean;
}

/** golang-migrate's one row (document on MongoDB): the version it is at, and whether it stopped part-way. */
export interface MigrateRow {
  version: number;
  dirty: boolean;
}

/** A peer's version table, read as is; `table` is its name as the user would write it. */
export type PeerTable = { kind: 'goose'; table: string; rows: GooseRow[] } | { kind: 'golang-migrate'; table: string; rows: MigrateRow[] };

/**
 * Reads a peer's version table (Driver.peers). How to implement: look the table up without
 * creating it (a missing table, or one without the peer's columns, is `undefined`), then return
 * its rows untouched. Never write to it: a team must be able to go back to the peer.
 */
export interface PeerReader {
  /** the peers that can have a table on this database (MongoDB: golang-migrate only) */
  readonly kinds: readonly PeerKind[];
  /** the table `table` (default: the peer's own default name, PEER_TABLES) or undefined */
  read(kind: PeerKind, table?: string): Promise<PeerTable | undefined>;
}

export interface AdoptOptions {
  /** which peer; `auto` (default) uses whichever table exists, and refuses when both do */
  from?: PeerKind | 'auto';
  /** the peer's table when it is not the default (goose -table, golang-migrate x-migrations-table) */
  fromTable?: string;
  /** say what would be recorded; take no lock, write nothing */
  dryRun?: boolean;
  lockTimeoutMs?: number;
  signal?: AbortSignal;
}

/** One version the peer applied: recorded with its file's checksum, or `missing` (no file). */
export interface AdoptedVersion {
  version: number;
  name: string;
  state: 'adopted' | 'missing';
  file?: string;
}

export interface AdoptResult {
  from: PeerKind;
  table: string;
  dryRun: boolean;
  /** the highest version the peer applied (0 when none) */
  peerVersion: number;
  /** every version the peer applied, in order */
  versions: AdoptedVersion[];
  /** versions the peer applied that have no file (recorded; `status` shows them `missing`) */
  missing: number[];
  /** versions written to Godwit's store now (all of them, or what changed since an earlier adoption) */
  recorded: number[];
  /** records of an earlier adoption that the peer no longer lists (it rolled them back), removed */
  removed: number[];
}

/** What `status` says when Godwit's store is absent and a peer's table is there: nothing is written. */
export interface AdoptionPreview {
  from: PeerKind;
  table: string;
  /** versions `adopt` (or the next `up`) would record */
  versions: number[];
  missing: number[];
}
