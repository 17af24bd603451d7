import { GodwitError } from '../errors.js';

/**
 * One signal for the whole run: the caller's signal and the `timeoutMs` limit. The runner checks
 * it between steps and hands it to the driver, which cancels a running statement where the
 * database allows it. `reasonToError` turns why it fired into the error the run reports.
 */
export interface RunSignal {
  signal: AbortSignal;
  dispose(): void;
  /** the error to report once `signal.aborted` is true */
  toError(context: string): GodwitError;
}

export function createRunSignal(parent: AbortSignal | undefined, timeoutMs: number | undefined): RunSignal {
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent) {
    if (parent.aborted) controller.abort(parent.reason);
    else parent.addEventListener('abort', onParentAbort, { once: true });
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
      if (timer) clearTimeout(timer);
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

export function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
