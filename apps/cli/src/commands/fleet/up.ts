import type { Command } from 'commander';
import { addFleetOptions } from '../../fleet/fleet-options.js';
import { withExamples, type CliContext } from '../shared/command-kit.js';
import { runFleetCommand } from './run-command.js';

export function registerFleetUp(fleet: Command, ctx: CliContext): void {
  const command = fleet.command('up').description('apply pending migrations to every target of the fleet; a failed target does not stop the others');
  addFleetOptions(command).option('--waves <list>', 'canary rollout: e.g. 1,10%,100% (the first target, then 10% of the fleet, then the rest), stopping after a wave with a failure');
  withExamples(command, [
    'godwit fleet up --dir migrations/tenant --targets tenants.txt',
    "godwit fleet up --dir migrations/tenant --database postgres://app@db/saas --schemas 'tenant_%' --concurrency 8",
    'godwit fleet up --fleet tenants --waves 1,10%,100% --json > report.json',
    'JOB_COMPLETION_INDEX=2 godwit fleet up --fleet tenants --shard-count 8   # one pod of a Kubernetes Indexed Job',
  ]);
  command.action(async (_options, cmd: Command) => {
    await runFleetCommand(ctx, cmd, {
      command: 'fleet up',
      job: 'up',
    });
  });
}
