/**
 * The frame of every fleet command: one session per target (the usual one: driver, migrator,
 * plugins, closed when the target is done, so never more than `concurrency` connections are
 * open), run wave by wave, a progress bar on a terminal and one log line per target
 * (`event: "fleet-target"`, JSON lines off a terminal) for log pipelines. SQLite targets run on
 * worker threads (target-pool.ts), the others in this thread: their drivers' I/O is
 * asynchronous already.
 */
import { redactUrl, resolveDatabase } from '@godwit/core';
import type { CliContext } from '../commands/shared/command-kit.js';
import { type CliLogger, createLogger, logFormatOf, logLevelOf } from '../logging/logger.js';
import { errorJson } from '../output/errors.js';
import type { FleetTally } from './fleet-tally.js';
import type { FleetDefinition } from './fleet-definition.js';
import type { FleetOptions } from './fleet-options.js';
import { type FleetJobName, JOBS_THAT_WRITE } from './jobs/index.js';
import { createFleetProgress } from './progress-bar.js';
import { runTarget, type TargetRunSpec } from './run-target.js';
import { runWaves } from './run-waves.js';
import { threadCount } from './fleet-threads.js';
import { type TargetPool, startTargetPool } from './target-pool.js';
import type { FleetEntry } from './target-list.js';

export type { TargetReport } from './target-report.js';

export interface FleetRun {
  /** what was kept of the targets' reports (each one let go once counted) */
  tally: FleetTally;
  waves: Array<{ size: number; failed: number }>;
  durationMs: number;
}

export interface FleetRunSpec {
  command: string;
  /** the waves' sizes (one wave of everything without --waves) */
  sizes: readonly number[];
  /** what runs on each target (jobs/index.ts) */
  job: FleetJobName;
}

export async function runFleet(ctx: CliContext, options: FleetOptions, fleet: FleetDefinition, spec: FleetRunSpec, tally: FleetTally): Promise<FleetRun> {
  const started = Date.now();
  // Each target's session logs only warnings: thousands of targets x their steps would drown the
  // one line per target that matters. -v brings the steps back. Metrics are the fleet's, not each target's.
  const sessionOptions: FleetOptions = { ...options, ...(!options.verbose && { quiet: true }) };
  delete sessionOptions.metricsPush;
  delete sessionOptions.metricsFile;
  const targetSpec: TargetRunSpec = { command: spec.command, job: spec.job, options: sessionOptions, settings: { dir: fleet.dir, table: fleet.table, shared: fleet.shared } };
  const logger = fleetLogger(ctx, options);
  const progress =
    logFormatOf(options) === 'json' ? undefined : createFleetProgress(fleet.entries.length, { write: (t) => ctx.io.err(t), isTTY: ctx.io.stderrIsTty });
  // On a terminal the bar shows progress and only failures get a line; log pipelines get every target.
  const okLevel = ctx.io.stderrIsTty && logFormatOf(options) !== 'json' ? 'debug' : 'info';
  const pool = await sqlitePool(ctx, options, fleet, targetSpec, logger);

  try {
    // A fleet of SQLite targets only runs as many at once as there are threads: none waits in
    // the pool's queue, so --fail-fast starts nothing after a failure, as in-process.
    const allSqlite = pool !== undefined && fleet.entries.every(isSqlite);
    const concurrency = allSqlite ? Math.min(fleet.concurrency, pool.size) : fleet.concurrency;
    const { results, waves } = await runWaves(fleet.entries, { concurrency, failFast: options.failFast === true, sizes: spec.sizes }, async (entry, index) => {
      const t0 = Date.now();
      const report = pool && isSqlite(entry) ? await pool.run(entry) : await runTarget(ctx, targetSpec, entry);
      // A thread's report has its own duration: without the time a target of a mixed fleet queued for a thread.
      report.durationMs ??= Date.now() - t0;
      const line = {
        event: 'fleet-target',
        id: entry.id,
        target: report.target,
        result: report.state,
        durationMs: report.durationMs,
        ...report.json,
        ...(report.error && { error: errorJson(report.error) }),
      };
      if (report.ok) logger[okLevel](line, `${entry.id}: ${report.state}`);
      else logger.warn(line, `${entry.id}: ${report.state}: ${report.error?.message ?? ''}`);
      progress?.targetDone(report.ok);
      // Counted (and written, with --json) here, then let go: nothing per target is kept for the end.
      tally.add(index, report);
      return { ok: report.ok, value: undefined };
    });
    progress?.stop();

    results.forEach((r, i) => {
      if (r.status !== 'skipped') return;
      const entry = fleet.entries[i]!;
      tally.add(i, { entry, target: redactUrl(entry.url), state: 'skipped', ok: true, json: {} });
    });
    return { tally, waves, durationMs: Date.now() - started };
  } finally {
    await pool?.close();
  }
}

/**
 * Worker threads for the SQLite targets (fleet-threads.ts says how many), or none: in-process
 * also where threads cannot start (the pool says) or the run's settings cannot be copied to a
 * thread (a config's plugins given as functions).
 */
async function sqlitePool(ctx: CliContext, options: FleetOptions, fleet: FleetDefinition, spec: TargetRunSpec, logger: CliLogger): Promise<TargetPool | undefined> {
  const size = threadCount(fleet.entries.filter(isSqlite).length, fleet.concurrency, options.threads, JOBS_THAT_WRITE.has(spec.job));
  if (size === 0) return undefined;
  try {
    structuredClone(spec);
    const pool = await startTargetPool(ctx, spec, size);
    logger.debug({ threads: pool ? size : 0 }, pool ? `SQLite targets run on ${size} worker threads` : 'SQLite targets run in-process: no module file to start a thread on');
    return pool;
  } catch (e) {
    logger.debug({ err: e instanceof Error ? e.message : String(e) }, 'SQLite targets run in-process: the run cannot be handed to worker threads');
    return undefined;
  }
}

function isSqlite(entry: FleetEntry): boolean {
  return entry.schema === undefined && resolveDatabase(entry.url).kind === 'sqlite';
}

function fleetLogger(ctx: CliContext, options: FleetOptions): CliLogger {
  const format = logFormatOf(options);
  return createLogger({ io: ctx.io, level: logLevelOf(options), ...(format && { pretty: format === 'pretty' }) });
}
