import type { Command } from 'commander';
import type { CliContext } from '../shared/command-kit.js';
import { registerFleetSubcommand } from './run-command.js';

export function registerFleetDrift(fleet: Command, ctx: CliContext): void {
  registerFleetSubcommand(fleet, ctx, {
    name: 'drift',
    description: 'on every target, compare the live schema with the snapshot its last run recorded: which targets were changed by hand (exit 1 when any; read-only, no lock)',
    examples: [
      'godwit fleet drift --dir migrations/tenant --targets tenants.txt',
      "godwit fleet drift --fleet tenants --json | jq '.targets[] | select(.result == \"drifted\") | .id'",
      'godwit drift --database <one drifted target>   # the changes themselves',
    ],
    job: 'drift',
  });
}
