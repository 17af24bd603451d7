import { GodwitError } from '../errors.js';
import { irreversibleError, outOfOrderError, unknownVersionError, unsupportedError } from './plan-errors.js';
import { assertHealthy, indexState, previousApplied } from './store-check.js';
export function plan(migrations, applied, command, options = {}) {
    const state = indexState(migrations, applied);
    assertHealthy(state);
    switch (command.kind) {
        case 'up':
            return finish(state, command, planUp(state, options));
        case 'up-by-one': {
            const up = planUp(state, options);
            // The first step only; a stop right at the start stays a stop.
            const first = up.steps.slice(0, 1);
            return finish(state, command, first.length ? { steps: first } : up);
        }
        case 'up-to': {
            assertVersionArgument(command.kind, command.version);
            if (!state.fileByVersion.has(command.version)) {
                throw unknownVersionError(command.kind, command.version, state.migrations.map((m) => m.version), 'file');
            }
            return finish(state, command, planUp(state, options, command.version));
        }
        case 'down':
            return finish(state, command, { steps: planDownTo(state, previousApplied(state, state.current)) });
        case 'down-to': {
            assertVersionArgument(command.kind, command.version);
            if (command.version !== 0 && !state.recordByVersion.has(command.version)) {
                throw unknownVersionError(command.kind, command.version, state.applied.map((r) => r.version), 'applied');
            }
            return finish(state, command, { steps: planDownTo(state, command.version) });
        }
        case 'redo': {
            const down = planDownTo(state, previousApplied(state, state.current));
            const again = down.map((s) => ({ direction: 'up', migration: s.migration }));
            return finish(state, command, { steps: [...down, ...again] });
        }
        case 'reset':
            return finish(state, command, { steps: planDownTo(state, 0) });
        default: {
            const unknown = command;
            throw new GodwitError('USAGE', `unknown command ${JSON.stringify(unknown.kind)}`);
        }
    }
}
/** Pending files in ascending order, up to `limit` when given, stopping before unsupported ones. */
function planUp(state, options, limit) {
    const pending = state.migrations.filter((m) => !state.recordByVersion.has(m.version));
    const outOfOrder = pending.filter((m) => m.version < state.current);
    if (outOfOrder.length && !options.allowMissing)
        throw outOfOrderError(outOfOrder, state.current);
    const steps = [];
    for (const m of pending) {
        if (limit !== undefined && m.version > limit)
            break;
        if (m.format === 'unsupported') {
            if (!options.skipUnsupported)
                return { steps, stop: unsupportedError(m) };
            steps.push({ direction: 'skip', migration: m });
        }
        else {
            steps.push({ direction: 'up', migration: m });
        }
    }
    return { steps };
}
/**
 * Down steps for every applied version above `target`, highest first. Refuses the whole plan if
 * any of them cannot be rolled back, so a down-to never stops half-way on a known obstacle.
 */
function planDownTo(state, target) {
    const steps = [];
    for (const record of [...state.applied].reverse()) {
        if (record.version <= target)
            break;
        // assertHealthy has already refused applied records without a file.
        const m = state.fileByVersion.get(record.version);
        if (m.format === 'unsupported' || !m.reversible) {
            throw irreversibleError(m, previousApplied(state, m.version), m.version === state.current);
        }
        steps.push({ direction: 'down', migration: m });
    }
    return steps;
}
function assertVersionArgument(command, version) {
    if (!Number.isSafeInteger(version) || version < 0) {
        throw new GodwitError('USAGE', `${command}: version must be a whole number of 0 or more, got ${version}`, {
            hint: `e.g. \`godwit ${command} 3\``,
        });
    }
}
function finish(state, command, draft) {
    return {
        command,
        steps: draft.steps,
        currentVersion: state.current,
        targetVersion: versionAfter(state, draft.steps),
        ...(draft.stop && { stop: draft.stop }),
    };
}
/** The highest version recorded once every step has run (skip steps record too). */
function versionAfter(state, steps) {
    const versions = new Set(state.applied.map((r) => r.version));
    for (const step of steps) {
        if (step.direction === 'down')
            versions.delete(step.migration.version);
        else
            versions.add(step.migration.version);
    }
    return versions.size ? Math.max(...versions) : 0;
}
