import { outOfOrderError } from './plan-errors.js';
import { indexState, recordProblem } from './store-check.js';
const STATE_OF = {
    DIRTY: 'dirty',
    MISSING_FILE: 'missing',
    CHECKSUM_MISMATCH: 'modified',
};
export function computeStatus(migrations, applied) {
    const state = indexState(migrations, applied);
    const versions = [...new Set([...state.fileByVersion.keys(), ...state.recordByVersion.keys()])].sort((a, b) => a - b);
    const entries = versions.map((version) => {
        const file = state.fileByVersion.get(version);
        const record = state.recordByVersion.get(version);
        const entry = { version, name: file?.name ?? record?.name ?? '', state: 'pending' };
        if (file)
            entry.file = file.file;
        if (record) {
            entry.appliedAt = record.appliedAt.toISOString();
            const problem = recordProblem(state, record);
            entry.state = problem ? STATE_OF[problem.code] : 'applied';
        }
        else {
            if (file?.format === 'unsupported')
                entry.state = 'unsupported';
            // Unsupported files below the current version are out of order too: `up` refuses them alike.
            if (version < state.current)
                entry.outOfOrder = true;
        }
        return entry;
    });
    return { current: state.current, dirty: state.applied.some((r) => r.dirty), migrations: entries };
}
/**
 * Problems `validate` reports against a database: one per migration (the most serious), in
 * version order. Without applied records there is nothing to compare files with, so none.
 */
export function findProblems(migrations, applied) {
    if (!applied)
        return [];
    const state = indexState(migrations, applied);
    const found = [];
    for (const version of new Set([...state.fileByVersion.keys(), ...state.recordByVersion.keys()])) {
        const record = state.recordByVersion.get(version);
        const file = state.fileByVersion.get(version);
        const problem = record ? recordProblem(state, record) : file && version < state.current ? outOfOrderError([file], state.current) : undefined;
        if (problem)
            found.push(problem);
    }
    return found.sort((a, b) => (a.version ?? 0) - (b.version ?? 0)).map(toProblem);
}
function toProblem(e) {
    return {
        code: e.code,
        message: e.message,
        ...(e.file !== undefined && { file: e.file }),
        ...(e.line !== undefined && { line: e.line }),
        ...(e.version !== undefined && { version: e.version }),
        ...(e.hint !== undefined && { hint: e.hint }),
    };
}
