/**
 * Schema snapshots: what a database's schema is, as plain sorted data every driver produces the
 * same way (`Driver.inspect`), so one pure diff serves `godwit test` (did the down restore the
 * schema?), `godwit diff` (two databases) and drift (the live schema against the one recorded
 * after the last run). Godwit's own store tables are never part of a snapshot.
 */

/**
 * One schema object. `definition` is everything about it that matters, as one comparable line
 * (`text NOT NULL DEFAULT ''`, `UNIQUE btree (lower(email))`): two objects are equal when their
 * definitions are, and a change prints as `before -> after`.
 */
export interface SchemaObject {
  /** what it is: `table`, `column`, `index`, `constraint`, `view`, `function`, `collection`, ... */
  type: string;
  /** its name, qualified as far as it needs to be (`orders.note`, `audit.log`, `users_email`) */
  name: string;
  definition: string;
}

export interface SchemaSnapshot {
  /** the driver that took it (`postgres`, `sqlite`, `mongodb`): snapshots of different kinds never compare */
  driver: string;
  /** sorted by type, then name (see sortObjects) */
  objects: SchemaObject[];
}

/** One difference between two snapshots, from `before` to `after`. */
export interface SchemaChange {
  change: 'added' | 'removed' | 'changed';
  type: string;
  name: string;
  /** the definition in the first snapshot (removed, changed) */
  before?: string;
  /** the definition in the second snapshot (added, changed) */
  after?: string;
}

/** A snapshot as the store keeps it: its hash and the snapshot itself, gzip-compressed JSON. */
export interface StoredSnapshot {
  /** the highest applied version when it was taken (0: none) */
  version: number;
  /** `sha256:<hex>` of the snapshot's canonical JSON (see snapshotHash) */
  hash: string;
  takenAt: Date;
  /** gzip of the snapshot's JSON (see encodeSnapshot / decodeSnapshot) */
  data: Uint8Array;
}

/**
 * Where the snapshot of the last run is kept (`<table>_snapshots`, see snapshotsTableName).
 * `latest` only reads (never creates anything); `record` creates its table when missing.
 */
export interface SnapshotStore {
  latest(): Promise<StoredSnapshot | undefined>;
  record(snapshot: StoredSnapshot): Promise<void>;
}
