/** Small builders for planner and status tests: files and applied records by version. */
import type { AppliedRecord } from '../../driver/contract.js';
import type { MigrationFormat, MigrationPhase } from '../../migration.js';
import type { MigrationInfo } from '../contract.js';

export interface FileOptions {
  format?: MigrationFormat;
  reversible?: boolean;
  checksum?: string;
  phase?: MigrationPhase;
}

/** A migration file; goose format and reversible unless told otherwise. */
export function file(version: number, o: FileOptions = {}): MigrationInfo {
  const format = o.format ?? 'goose';
  const ext = format === 'unsupported' ? '.go' : format === 'pair' ? '.up.sql' : format === 'json' ? '.up.json' : '.sql';
  return {
    version,
    name: `m${version}`,
    checksum: o.checksum ?? `sum${version}`,
    format,
    reversible: o.reversible ?? format !== 'unsupported',
    file: `migrations/${String(version).padStart(5, '0')}_m${version}${ext}`,
    ...(o.phase && { phase: o.phase }),
  };
}

export interface RecordOptions {
  dirty?: boolean;
  checksum?: string;
}

export function record(version: number, o: RecordOptions = {}): AppliedRecord {
  return {
    version,
    name: `m${version}`,
    checksum: o.checksum ?? `sum${version}`,
    appliedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, version)),
    executionMs: 3,
    appliedBy: 'ci@host',
    dirty: o.dirty ?? false,
  };
}

export const files = (...versions: number[]): MigrationInfo[] => versions.map((v) => file(v));
export const records = (...versions: number[]): AppliedRecord[] => versions.map((v) => record(v));
