/** The peers' default version table (collection) names, defined once for every driver. */
import type { PeerKind } from './contract.js';

export const PEER_TABLES: Readonly<Record<PeerKind, string>> = {
  goose: 'goose_db_version',
  'golang-migrate': 'schema_migrations',
};

/** `applied_by` of every record an adoption writes: how `status` and a later adoption know them. */
export function adoptedBy(kind: PeerKind): string {
  return `adopted from ${kind}`;
}

export const ADOPTED_PREFIX = 'adopted from ';
