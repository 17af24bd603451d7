/**
 * A snapshot's hash and its stored form. The hash covers the canonical JSON (sorted objects), so
 * two databases with the same schema have the same hash whoever inspected them.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GodwitError } from '../errors.js';
import type { SchemaSnapshot, StoredSnapshot } from './contract.js';
import { makeSnapshot } from './sort.js';

export function snapshotHash(snapshot: SchemaSnapshot): string {
  return `sha256:${createHash('sha256').update(canonical(snapshot)).digest('hex')}`;
}

export function encodeSnapshot(snapshot: SchemaSnapshot, version: number, takenAt = new Date()): StoredSnapshot {
  return { version, hash: snapshotHash(snapshot), takenAt, data: gzipSync(canonical(snapshot)) };
}

export function decodeSnapshot(stored: StoredSnapshot): SchemaSnapshot {
  try {
    const parsed = JSON.parse(gunzipSync(stored.data).toString('utf8')) as SchemaSnapshot;
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
