/**
 * Words the migrator's events as log lines people read (`applied 000003_add_email (12 ms)`), with
 * the event itself as the structured part for JSON logs. Core never logs; this is the one place
 * each of its events gets its words, and the switch is exhaustive, so a new event does not
 * compile until it has them. The logger handed to the migrator is only for plugins.
 */
import type { GodwitEvent, Logger } from '@godwit/core';
import type { Labeller } from '../output/labeller.js';

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
    case 'unlock-failed':
      // The lock dies with the session (or its lease) anyway; the run's outcome stands.
      logger.warn(e, `could not release the migration lock: ${e.error}`);
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
    case 'plugin-failed':
      // An afterRun or onError hook: the migrations already did what the result says.
      logger.warn(e, `plugin ${e.plugin} failed: ${e.error}`);
      return;
    default: {
      // Compiles only while every event has its words above; an event from a newer core still shows.
      const unworded: never = e;
      logger.debug(unworded, (unworded as { event: string }).event);
    }
  }
}
