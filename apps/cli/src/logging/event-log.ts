/**
 * Words the migrator's events as log lines people read (`applied 000003_add_email (12 ms)`), with
 * the event itself as the structured part for JSON logs. Core never logs; this is the one place
 * each of its events gets its words, and the switch is exhaustive, so a new event does not
 * compile until it has them. The logger handed to the migrator is only for plugins.
 */
import type { GodwitEvent, Logger } from '@godwit/core';
import { formatDuration } from '../output/duration.js';
import type { Labeller } from '../output/labeller.js';
import { batchWords } from './batch-words.js';

export interface EventLogOptions {
  /**
   * Log each finished step at info. Off for a single database's run read by a person: stdout
   * already prints one line per step, and the same line on stderr would say everything twice.
   * On for JSON logs (--log-format json), -v, and a project's databases (whose stdout is a table).
   */
  stepLines: boolean;
}

export function logEvent(logger: Logger, label: Labeller, e: GodwitEvent, options: EventLogOptions = { stepLines: true }): void {
  switch (e.event) {
    case 'run-start':
      logger.debug(e, `${e.command}${e.dryRun ? ' (dry run)' : ''}: ${e.steps} step(s)`);
      return;
    case 'lock-wait':
      logger.info(e, `waiting for the migration lock${e.holder ? ` held by ${e.holder}` : ''}`);
      return;
    case 'lock-acquired':
      logger.debug(e, `lock acquired after ${formatDuration(e.waitedMs)}`);
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
      else {
        const log = (options.stepLines ? logger.info : logger.debug).bind(logger);
        // The structured part says what people read: a down that ran is rolled back, not "applied".
        const fields = e.direction === 'down' ? { ...e, status: 'rolled-back' } : e;
        log(fields, `${e.direction === 'down' ? 'rolled back' : 'applied'} ${what} (${formatDuration(e.durationMs)})`);
      }
      return;
    }
    case 'migration-failed':
      // debug, not error: the CLI prints the failure once, as its `godwit: error:` line.
      logger.debug({ ...e, error: e.error.toJSON() }, `failed ${label(e.version, e.name)}: ${e.error.toString()}`);
      return;
    case 'run-end':
      logger.debug(e, `${e.ok ? 'done' : 'stopped'}: ${e.applied} step(s), version ${e.before} -> ${e.after} (${formatDuration(e.durationMs)})`);
      return;
    case 'lock-retry':
      logger.warn(e, `${label(e.version, e.name)}: ${e.error}; retry ${e.tries} of ${e.retries} in ${formatDuration(e.delayMs)}`);
      return;
    case 'warning':
      logger.warn(e, e.file ? `${e.file}: ${e.message}` : e.message);
      return;
    case 'batch-progress':
      // the start and the end at info; every batch in between at debug (a terminal draws them)
      if (e.finished || e.batches === 0) logger.info(e, `${label(e.version, e.name)}: ${batchWords(e)}`);
      else logger.debug(e, `${label(e.version, e.name)}: ${batchWords(e)}`);
      return;
    case 'adopted': {
      const peer = `${e.from}'s ${e.table}`;
      if (!e.auto) {
        // godwit adopt prints its own result on stdout.
        logger.debug(e, `${e.recorded ? 'adopted' : 'would adopt'} ${e.versions} version(s) from ${peer}`);
        return;
      }
      // An up command that found Godwit's store absent and a peer's table: said once, before it runs.
      const missing = e.missing.length ? `; no file for ${e.missing.join(', ')}: status shows ${e.missing.length === 1 ? 'it' : 'them'} missing` : '';
      const log = (e.missing.length ? logger.warn : logger.info).bind(logger);
      if (e.recorded) log(e, `adopted ${e.versions} version(s) from ${peer} first (godwit's store was empty; ${e.table} is left as it was)${missing}`);
      else log(e, `would adopt ${e.versions} version(s) from ${peer} first (dry run: nothing recorded)${missing}`);
      return;
    }
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
