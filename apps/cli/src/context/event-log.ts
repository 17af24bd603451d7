/**
 * Turns the migrator's events into log lines people read (`applied 000003_add_email (12 ms)`),
 * with the event itself as the structured part for JSON logs.
 */
import type { GodwitEvent, Logger } from '@godwit/core';

export type Labeller = (version: number, name: string) => string;

/** The event names core emits; core's own log lines for them are dropped (see `coreLogger`). */
const EVENT_NAMES = new Set<string>([
  'run-start',
  'lock-wait',
  'lock-acquired',
  'lock-released',
  'migrating',
  'migrated',
  'migration-failed',
  'run-end',
  'warning',
]);

export function logEvent(logger: Logger, label: Labeller, e: GodwitEvent): void {
  switch (e.event) {
    case 'run-start':
      logger.debug(e, `${e.command}${e.dryRun ? ' (dry run)' : ''}: ${e.steps} step(s)`);
      return;
    case 'lock-wait':
      logger.info(e, `waiting for the migration lock${e.holder ? ` held by ${e.holder}` : ''}`);
      return;
    case 'lock-acquired':
      logger.debug(e, `lock acquired after ${e.waitedMs} ms`);
      return;
    case 'lock-released':
      logger.debug(e, 'lock released');
      return;
    case 'migrating': {
      const what = label(e.version, e.name);
      logger.debug(e, `${e.direction === 'down' ? 'rolling back' : 'applying'} ${what} (${e.index}/${e.total})`);
      if (!e.transactional && e.direction !== 'skip') {
        logger.info(e, `${what} runs outside a transaction${e.note ? `: ${e.note}` : ''}`);
      }
      return;
    }
    case 'migrated': {
      const what = label(e.version, e.name);
      if (e.status === 'skipped-concurrent') logger.info(e, `${what} was already done by another runner`);
      else if (e.direction === 'skip') logger.warn(e, `skipped ${what} (unsupported; recorded as applied)`);
      else logger.info(e, `${e.direction === 'down' ? 'rolled back' : 'applied'} ${what} (${e.durationMs} ms)`);
      return;
    }
    case 'migration-failed':
      // debug, not error: the CLI prints the failure once, as its `godwit: error:` line.
      logger.debug({ ...e, error: e.error.toJSON() }, `failed ${label(e.version, e.name)}: ${e.error.toString()}`);
      return;
    case 'run-end':
      logger.debug(e, `${e.ok ? 'done' : 'stopped'}: ${e.applied} step(s), version ${e.before} -> ${e.after} (${e.durationMs} ms)`);
      return;
    case 'warning':
      logger.warn(e, e.file ? `${e.file}: ${e.message}` : e.message);
      return;
  }
}

/**
 * The logger handed to the migrator. Core logs its events to its logger and also hands them to
 * `onEvent`; the CLI words them itself (file labels, not bare versions), so core's lines for
 * those events are dropped here, while anything else core or a plugin logs passes through.
 */
export function coreLogger(logger: Logger): Logger {
  const pass =
    (level: keyof Logger) =>
    (obj: object, msg?: string): void => {
      const event = (obj as { event?: unknown }).event;
      if (typeof event === 'string' && EVENT_NAMES.has(event)) return;
      logger[level](obj, msg);
    };
  return { debug: pass('debug'), info: pass('info'), warn: pass('warn'), error: pass('error') };
}
