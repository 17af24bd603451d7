import type { Command } from 'commander';
import type { CliContext } from '../shared/command-kit.js';
import { registerFleetSubcommand } from './run-command.js';

export function registerFleetUp(fleet: Command, ctx: CliContext): void {
  registerFleetSubcommand(fleet, ctx, {
    name: 'up',
    description: 'apply pending migrations to every target of the fleet; a failed target does not stop the others',
    examples: [
      'godwit fleet up --dir migrations/tenant --targets tenants.txt',
      "godwit fleet up --dir migrations/tenant --database postgres://app@db/saas --schemas 'tenant_%' --concurrency 8",
      'godwit fleet up --fleet tenants --waves 1,10%,100% --json > report.json',
      'JOB_COMPLETION_INDEX=2 godwit fleet up --fleet tenants --shard-count 8   # one pod of a Kubernetes Indexed Job',
    ],
    job: 'up',
    options: (command) =>
      command.option('--waves <list>', 'canary rollout: e.g. 1,10%,100% (the first target, then 10% of the fleet, then the rest), stopping after a wave with a failure'),
  });
}
