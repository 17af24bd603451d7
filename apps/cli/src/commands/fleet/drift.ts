import type { Command } from 'commander';
import { addFleetOptions } from '../../fleet/fleet-options.js';
import { withExamples, type CliContext } from '../shared/command-kit.js';
import { runFleetCommand } from './run-command.js';

export function registerFleetDrift(fleet: Command, ctx: CliContext): void {
  const command = fleet
    .command('drift')
    .description('on every target, compare the live schema with the snapshot its last run recorded: which targets were changed by hand (exit 1 when any; read-only, no lock)');
  addFleetOptions(command);
  withExamples(command, [
    'godwit fleet drift --dir migrations/tenant --targets tenants.txt',
    "godwit fleet drift --fleet tenants --json | jq '.targets[] | select(.result == \"drifted\") | .id'",
    'godwit drift --database <one drifted target>   # the changes themselves',
  ]);
  command.action(async (_options, cmd: Command) => {
    await runFleetCommand(ctx, cmd, { command: 'fleet drift', job: 'drift' });
  });
}
