/**
 * What the planner and `status`/`validate` share: the files and records indexed by version, and
 * the per-record health check (dirty, file missing, file edited).
 */
import type { AppliedRecord } from '../driver/contract.js';
import type { GodwitError } from '../errors.js';
import type { MigrationInfo } from './contract.js';
import { checksumError, dirtyError, missingFileError } from './plan-errors.js';

export interface Indexed<M extends MigrationInfo> {
  /** files, ascending by version */
  migrations: M[];
  fileByVersion: Map<number, M>;
  /** records, ascending by version */
  applied: AppliedRecord[];
  recordByVersion: Map<number, AppliedRecord>;
  /** highest applied version, 0 when none */
  current: number;
}

export function indexState<M extends MigrationInfo>(migrations: readonly M[], applied: readonly AppliedRecord[]): Indexed<M> {
  const sortedFiles = [...migrations].sort((a, b) => a.version - b.version);
  const sortedRecords = [...applied].sort((a, b) => a.version - b.version);
  return {
    migrations: sortedFiles,
    fileByVersion: new Map(sortedFiles.map((m) => [m.version, m])),
    applied: sortedRecords,
    recordByVersion: new Map(sortedRecords.map((r) => [r.version, r])),
    current: sortedRecords.at(-1)?.version ?? 0,
  };
}

/** The highest applied version below `version`, or 0: where `force` puts a database back. */
export function previousApplied(state: Indexed<MigrationInfo>, version: number): number {
  let previous = 0;
  for (const r of state.applied) if (r.version < version) previous = r.version;
  return previous;
}

/**
 * The most important problem of one applied record, if any: dirty, then file missing, then
 * checksum differs. Another tool's code migration has no checksum we can vouch for (godwit only
 * recorded it as skipped), so an edit to it is not flagged.
 */
export function recordProblem(state: Indexed<MigrationInfo>, record: AppliedRecord): GodwitError | undefined {
  const file = state.fileByVersion.get(record.version);
  if (record.dirty) {
    const others = state.applied.filter((r) => r.dirty && r !== record).map((r) => r.version);
    return dirtyError(record, file, previousApplied(state, record.version), others);
  }
  if (!file) return missingFileError(record, previousApplied(state, record.version));
  if (file.format !== 'unsupported' && file.checksum !== record.checksum) return checksumError(file, record);
  return undefined;
}

/**
 * Throws the store's first problem, by kind (any dirty record before any missing file...).
 * `resuming`: the dirty record `up --resume` continues, judged by the planner instead.
 */
export function assertHealthy(state: Indexed<MigrationInfo>, resuming?: AppliedRecord): void {
  const problems = state.applied
    .filter((r) => r !== resuming)
    .map((r) => recordProblem(state, r))
    .filter((e): e is GodwitError => e !== undefined);
  for (const code of ['DIRTY', 'MISSING_FILE', 'CHECKSUM_MISMATCH'] as const) {
    const first = problems.find((p) => p.code === code);
    if (first) throw first;
  }
}
