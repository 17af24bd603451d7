import { GodwitError } from '../errors.js';
export function createRunSignal(parent, timeoutMs) {
    const controller = new AbortController();
    let timedOut = false;
    let timer;
    const onParentAbort = () => controller.abort(parent?.reason);
    if (parent) {
        if (parent.aborted)
            controller.abort(parent.reason);
        else
            parent.addEventListener('abort', onParentAbort, { once: true });
    }
    if (timeoutMs !== undefined && timeoutMs > 0) {
        timer = setTimeout(() => {
            timedOut = true;
            controller.abort(new GodwitError('TIMEOUT', `run exceeded its time limit of ${formatMs(timeoutMs)}`));
        }, timeoutMs);
        timer.unref();
    }
    return {
        signal: controller.signal,
        dispose() {
            if (timer)
                clearTimeout(timer);
            parent?.removeEventListener('abort', onParentAbort);
        },
        toError(context) {
            if (timedOut) {
                return new GodwitError('TIMEOUT', `run exceeded its time limit of ${formatMs(timeoutMs ?? 0)}; ${context}`, {
                    hint: 'raise --timeout, or run the remaining migrations again',
                });
            }
            return new GodwitError('ABORTED', `run was cancelled; ${context}`, { hint: 'run the command again to continue' });
        },
    };
}
export function formatMs(ms) {
    if (ms % 3_600_000 === 0)
        return `${ms / 3_600_000}h`;
    if (ms % 60_000 === 0)
        return `${ms / 60_000}m`;
    if (ms % 1000 === 0)
        return `${ms / 1000}s`;
    return `${ms}ms`;
}
