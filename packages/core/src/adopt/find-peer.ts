/**
 * Finding the peer's table through the driver's `peers` reader: the one asked for, or whichever
 * of the default tables exists. Errors say what was looked for, where, and what to pass instead.
 */
import type { Driver } from '../driver/contract.js';
import { GodwitError } from '../errors.js';
import type { PeerKind, PeerTable } from './contract.js';
import { PEER_TABLES } from './peer-tables.js';

/** The table `adopt` was asked for; throws when it is not there. */
export async function findPeer(driver: Driver, from: PeerKind | 'auto' = 'auto', fromTable?: string): Promise<PeerTable> {
  const reader = readerOf(driver);
  if (from === 'auto') {
    if (fromTable !== undefined) {
      throw new GodwitError('USAGE', '--from-table needs --from: say whose table it is', {
        hint: 'e.g. godwit adopt --from goose --from-table my_goose_versions',
      });
    }
    const found = await detectPeer(driver);
    if (found) return found;
    const looked = reader.kinds.map((k) => `${k}'s ${PEER_TABLES[k]}`).join(' or ');
    throw new GodwitError('USAGE', `no ${looked} on ${driver.target}: nothing to adopt`, {
      hint: 'check --database; if the table was renamed, pass --from and --from-table',
    });
  }
  if (!reader.kinds.includes(from)) {
    throw new GodwitError('USAGE', `${from} keeps no version table on ${driver.name}`, {
      hint: `on ${driver.name} godwit adopts ${reader.kinds.join(' or ')}`,
    });
  }
  const table = fromTable ?? PEER_TABLES[from];
  const peer = await reader.read(from, table);
  if (peer) return peer;
  throw new GodwitError('USAGE', `no ${from} version table ${table} on ${driver.target}: nothing to adopt`, {
    hint: fromTable === undefined ? `pass --from-table when ${from} used another name` : 'check the name (and --database)',
  });
}

/** Whichever peer's default table exists (undefined: none); both at once is for the user to settle. */
export async function detectPeer(driver: Driver): Promise<PeerTable | undefined> {
  const reader = driver.peers;
  if (!reader) return undefined;
  const found: PeerTable[] = [];
  for (const kind of reader.kinds) {
    const peer = await reader.read(kind, PEER_TABLES[kind]);
    if (peer) found.push(peer);
  }
  if (found.length > 1) {
    throw new GodwitError('USAGE', `both ${found.map((p) => `${p.kind}'s ${p.table}`).join(' and ')} exist on ${driver.target}: which one holds the truth?`, {
      hint: 'run godwit adopt --from goose or godwit adopt --from golang-migrate',
    });
  }
  return found[0];
}

function readerOf(driver: Driver) {
  if (!driver.peers) {
    throw new GodwitError('USAGE', `the ${driver.name} driver cannot read goose's or golang-migrate's version table`, {
      hint: 'adopt works on the postgres, sqlite and mongodb drivers',
    });
  }
  return driver.peers;
}
