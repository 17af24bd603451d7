/**
 * `status` and `validate` views of files plus applied records. Pure, like the planner, and built
 * on the same per-record check so both say the same thing about the same store.
 */
import type { AppliedRecord } from '../driver/contract.js';
import type { GodwitError } from '../errors.js';
import type { MigrationInfo, MigrationState, Problem, StatusEntry, StatusReport } from './contract.js';
import { outOfOrderError } from './plan-errors.js';
import { indexState, recordProblem } from './store-check.js';

const STATE_OF: Record<string, MigrationState> = {
  DIRTY: 'dirty',
  MISSING_FILE: 'missing',
  CHECKSUM_MISMATCH: 'modified',
};

export function computeStatus(migrations: readonly MigrationInfo[], applied: readonly AppliedRecord[]): StatusReport {
  const state = indexState(migrations, applied);
  const versions = [...new Set([...state.fileByVersion.keys(), ...state.recordByVersion.keys()])].sort((a, b) => a - b);

  const entries = versions.map((version): StatusEntry => {
    const file = state.fileByVersion.get(version);
    const record = state.recordByVersion.get(version);
    const entry: StatusEntry = { version, name: file?.name ?? record?.name ?? '', state: 'pending' };
    if (file) entry.file = file.file;
    if (file?.noUpFile) entry.noUpFile = true;
    if (record) {
      entry.appliedAt = record.appliedAt.toISOString();
      const problem = recordProblem(state, record);
      entry.state = problem ? STATE_OF[problem.code]! : 'applied';
      if (record.dirty && record.statementsDone !== undefined) entry.statementsDone = record.statementsDone;
    } else {
      if (file?.format === 'unsupported') entry.state = 'unsupported';
      // Which `up --phase` will apply it: only pending migrations are waiting for a phase.
      if (file?.phase) entry.phase = file.phase;
      // Unsupported files below the current version are out of order too: `up` refuses them alike.
      if (version < state.current) entry.outOfOrder = true;
    }
    return entry;
  });

  return { current: state.current, dirty: state.applied.some((r) => r.dirty), migrations: entries };
}

/**
 * Problems `validate` reports against a database: one per migration (the most serious), in
 * version order. Without applied records there is nothing to compare files with, so none.
 */
export function findProblems(migrations: readonly MigrationInfo[], applied?: readonly AppliedRecord[]): Problem[] {
  if (!applied) return [];
  const state = indexState(migrations, applied);
  const found: GodwitError[] = [];
  for (const version of new Set([...state.fileByVersion.keys(), ...state.recordByVersion.keys()])) {
    const record = state.recordByVersion.get(version);
    const file = state.fileByVersion.get(version);
    const problem = record ? recordProblem(state, record) : file && version < state.current ? outOfOrderError([file], state.current) : undefined;
    if (problem) found.push(problem);
  }
  return found.sort((a, b) => (a.version ?? 0) - (b.version ?? 0)).map(toProblem);
}

function toProblem(e: GodwitError): Problem {
  return {
    code: e.code,
    message: e.message,
    ...(e.file !== undefined && { file: e.file }),
    ...(e.line !== undefined && { line: e.line }),
    ...(e.version !== undefined && { version: e.version }),
    ...(e.hint !== undefined && { hint: e.hint }),
  };
}
