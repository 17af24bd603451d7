/**
 * What the fleet subcommands share: resolve the fleet (a bad option or target list is exit 2
 * before any target is touched), run the job on every target, report, set the exit code.
 */
import type { Command } from 'commander';
import { resolveFleet } from '../../fleet/fleet-definition.js';
import { sendFleetMetrics } from '../../fleet/fleet-metrics.js';
import { createLogger, logLevelOf } from '../../logging/logger.js';
import { addFleetOptions, type FleetOptions } from '../../fleet/fleet-options.js';
import { startFleetJson } from '../../fleet/fleet-json.js';
import { fleetJsonHead, reportFleet } from '../../fleet/fleet-report.js';
import { type FleetSummary, FleetTally } from '../../fleet/fleet-tally.js';
import { type FleetRunSpec, runFleet } from '../../fleet/run-fleet.js';
import { type WaveMark, parseWaves, waveSizes } from '../../fleet/waves.js';
import { failedOutcome, report } from '../../output/outcome.js';
import { maskUrls } from '../../output/secrets.js';
import { type CliContext, optionsOf, withExamples } from '../shared/command-kit.js';

export interface FleetCommandSpec extends Omit<FleetRunSpec, 'sizes'> {
  /** the command's own summary of its targets (status: targets by version), built as they finish */
  summary?: () => FleetSummary;
}

/** A `godwit fleet <name>` subcommand: its help, the fleet options, and the job it runs on each target. */
export interface FleetSubcommand extends Omit<FleetCommandSpec, 'command'> {
  name: string;
  description: string;
  examples: string[];
  /** options of this subcommand only (up's --waves) */
  options?: (command: Command) => void;
}

export function registerFleetSubcommand(fleet: Command, ctx: CliContext, sub: FleetSubcommand): void {
  const command = addFleetOptions(fleet.command(sub.name).description(sub.description));
  sub.options?.(command);
  withExamples(command, sub.examples);
  const spec: FleetCommandSpec = { command: `fleet ${sub.name}`, job: sub.job, ...(sub.summary && { summary: sub.summary }) };
  command.action(async (_options, cmd: Command) => {
    await runFleetCommand(ctx, cmd, spec);
  });
}

export async function runFleetCommand(ctx: CliContext, command: Command, spec: FleetCommandSpec): Promise<void> {
  const options = optionsOf(command) as FleetOptions;
  const json = options.json === true;
  maskUrls(ctx.io, [options.database, ctx.env.DATABASE_URL]);
  let fleet: Awaited<ReturnType<typeof resolveFleet>>;
  let marks: WaveMark[] | undefined;
  try {
    marks = options.waves === undefined ? undefined : parseWaves(options.waves);
    fleet = await resolveFleet(options, ctx.env, ctx.cwd);
    // A bad --metrics-push URL is bad usage: said before any target runs, not after the fleet.
    if (options.metricsPush !== undefined) (await import('@godwit/plugin-metrics')).pushUrl({ url: options.metricsPush, database: `fleet:${fleet.label}` });
  } catch (e) {
    return ctx.setExitCode(report(ctx, json, failedOutcome(e)));
  }
  for (const entry of fleet.entries) maskUrls(ctx.io, [entry.url]);
  const sizes = marks ? waveSizes(fleet.entries.length, marks) : [fleet.entries.length];
  const jsonOut = json ? startFleetJson(ctx.io, fleetJsonHead(spec.command, fleet)) : undefined;
  const tally = new FleetTally(spec.summary?.(), jsonOut && ((r) => jsonOut.target(r)));
  const run = await runFleet(ctx, options, fleet, { command: spec.command, job: spec.job, sizes }, tally);
  ctx.setExitCode(reportFleet(ctx.io, fleet, run, jsonOut));
  await sendFleetMetrics(options, fleet.label, tally, ctx.cwd, createLogger({ io: ctx.io, level: logLevelOf(options) }));
}
