/**
 * `godwit fleet up|status|validate|lint|drift|rehearse`: one migrations folder on many targets (a database, or a
 * PostgreSQL schema, per tenant), listed by a file, a control query, a schema pattern or the
 * config's `fleets`. Scale beyond one machine is Kubernetes' job: `--shard` (or an Indexed Job's
 * JOB_COMPLETION_INDEX) splits the fleet between pods; see docs/fleet.md.
 */
import type { Command } from 'commander';
import type { CliContext } from '../shared/command-kit.js';
import { registerFleetDrift } from './drift.js';
import { registerFleetLint } from './lint.js';
import { registerFleetRehearse } from './rehearse.js';
import { registerFleetStatus } from './status.js';
import { registerFleetUp } from './up.js';
import { registerFleetValidate } from './validate.js';

export function registerFleet(program: Command, ctx: CliContext): void {
  const fleet = program
    .command('fleet')
    .description('run one migrations folder on many targets (a database or PostgreSQL schema per tenant): up, status, validate, lint, drift, rehearse');
  registerFleetUp(fleet, ctx);
  registerFleetStatus(fleet, ctx);
  registerFleetValidate(fleet, ctx);
  registerFleetLint(fleet, ctx);
  registerFleetDrift(fleet, ctx);
  registerFleetRehearse(fleet, ctx);
}
