/**
 * A snapshot's hash and its stored form. The hash covers the canonical JSON (sorted objects), so
 * two databases with the same schema have the same hash whoever inspected them.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { GodwitError } from '../errors.js';
import type { SchemaSnapshot, StoredSnapshot } from './contract.js';
import { makeSnapshot } from './sort.js';

// zlib is required where a snapshot is stored or read, not when core loads: every command loads
// core, few touch a snapshot, and loading zlib costs a few ms of each start.
const require = createRequire(import.meta.url);
const zlib = (): typeof import('node:zlib') => require('node:zlib');

export function snapshotHash(snapshot: SchemaSnapshot): string {
  return `sha256:${createHash('sha256').update(canonical(snapshot)).digest('hex')}`;
}

export function encodeSnapshot(snapshot: SchemaSnapshot, version: number, takenAt = new Date()): StoredSnapshot {
  return { version, hash: snapshotHash(snapshot), takenAt, data: zlib().gzipSync(canonical(snapshot)) };
}

export function decodeSnapshot(stored: StoredSnapshot): SchemaSnapshot {
  try {
    const parsed = JSON.parse(zlib().gunzipSync(stored.data).toString('utf8')) as SchemaSnapshot;
    if (typeof parsed.driver !== 'string' || !Array.isArray(parsed.objects)) throw new Error('not a schema snapshot');
    return makeSnapshot(parsed.driver, parsed.objects);
  } catch (e) {
    throw new GodwitError('STORE_ERROR', `the recorded schema snapshot (${stored.hash}) cannot be read: ${(e as Error).message}`, {
      hint: 'run godwit up or godwit force <current version> to record a new one',
      cause: e,
    });
  }
}

function canonical(snapshot: SchemaSnapshot): string {
  const { driver, objects } = makeSnapshot(snapshot.driver, snapshot.objects);
  return JSON.stringify({ driver, objects });
}
