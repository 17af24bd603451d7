/**
 * The frame of every fleet command: one session per target (the usual one: driver, migrator,
 * plugins, closed when the target is done, so never more than `concurrency` connections are
 * open), run wave by wave, a progress bar on a terminal and one log line per target
 * (`event: "fleet-target"`, JSON lines off a terminal) for log pipelines. A target's failure is
 * a value in its report, never a thrown error, so the other targets go on.
 */
import { type GodwitError, redactUrl } from '@godwit/core';
import type { CliContext } from '../commands/shared/command-kit.js';
import { type CliLogger, createLogger, logFormatOf, logLevelOf } from '../logging/logger.js';
import { asGodwitError, errorJson } from '../output/errors.js';
import { type Session, withSession } from '../session/session.js';
import type { FleetDefinition } from './fleet-definition.js';
import type { FleetOptions } from './fleet-options.js';
import { fleetTarget } from './fleet-target.js';
import { createFleetProgress } from './progress-bar.js';
import { runWaves } from './run-waves.js';
import type { FleetEntry } from './target-list.js';

/** What a command's job says about one target. */
export interface TargetOutcome {
  ok: boolean;
  /** what the reports count: `migrated`, `up-to-date`, `current`, `pending`, `dirty`, `valid`, ... */
  state: string;
  /** this target's part of the --json document */
  json: Record<string, unknown>;
  error?: GodwitError;
}

export interface TargetReport {
  entry: FleetEntry;
  /** the URL with its password masked */
  target: string;
  /** the outcome's state, or `failed`, `unreachable`, `skipped` */
  state: string;
  ok: boolean;
  durationMs?: number;
  json: Record<string, unknown>;
  error?: GodwitError;
}

export interface FleetRun {
  targets: TargetReport[];
  waves: Array<{ size: number; failed: number }>;
  durationMs: number;
}

export interface FleetRunSpec {
  command: string;
  /** the waves' sizes (one wave of everything without --waves) */
  sizes: readonly number[];
  job: (session: Session) => Promise<TargetOutcome>;
}

export async function runFleet(ctx: CliContext, options: FleetOptions, fleet: FleetDefinition, spec: FleetRunSpec): Promise<FleetRun> {
  const started = Date.now();
  // Each target's session logs only warnings: thousands of targets x their steps would drown the
  // one line per target that matters. -v brings the steps back. Metrics are the fleet's, not each target's.
  const sessionOptions: FleetOptions = { ...options, ...(!options.verbose && { quiet: true }) };
  delete sessionOptions.metricsPush;
  delete sessionOptions.metricsFile;
  const logger = fleetLogger(ctx, options);
  const progress =
    logFormatOf(options) === 'json' ? undefined : createFleetProgress(fleet.entries.length, { write: (t) => ctx.io.err(t), isTTY: ctx.io.stderrIsTty });
  // On a terminal the bar shows progress and only failures get a line; log pipelines get every target.
  const okLevel = ctx.io.stderrIsTty && logFormatOf(options) !== 'json' ? 'debug' : 'info';

  const { results, waves } = await runWaves(fleet.entries, { concurrency: fleet.concurrency, failFast: options.failFast === true, sizes: spec.sizes }, async (entry) => {
    const t0 = Date.now();
    const report = await runTarget(ctx, sessionOptions, fleet, entry, spec);
    report.durationMs = Date.now() - t0;
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
    return { ok: report.ok, value: report };
  });
  progress?.stop();

  const targets = results.map((r, i): TargetReport => {
    if (r.status !== 'skipped') return r.value;
    const entry = fleet.entries[i]!;
    return { entry, target: redactUrl(entry.url), state: 'skipped', ok: true, json: {} };
  });
  return { targets, waves, durationMs: Date.now() - started };
}

async function runTarget(ctx: CliContext, options: FleetOptions, fleet: FleetDefinition, entry: FleetEntry, spec: FleetRunSpec): Promise<TargetReport> {
  const target = redactUrl(entry.url);
  try {
    const outcome = await withSession(ctx, options, fleetTarget(entry, fleet, ctx.cwd), { command: spec.command }, spec.job);
    // A run reports a lost or refused connection as its error, not by throwing: the same state either way.
    const state = !outcome.ok && outcome.error?.code === 'CONNECTION_FAILED' ? 'unreachable' : outcome.state;
    return { entry, target, state, ok: outcome.ok, json: outcome.json, ...(outcome.error && { error: outcome.error }) };
  } catch (e) {
    const error = asGodwitError(e);
    return { entry, target, state: error.code === 'CONNECTION_FAILED' ? 'unreachable' : 'failed', ok: false, json: {}, error };
  }
}

function fleetLogger(ctx: CliContext, options: FleetOptions): CliLogger {
  const format = logFormatOf(options);
  return createLogger({ io: ctx.io, level: logLevelOf(options), ...(format && { pretty: format === 'pretty' }) });
}
