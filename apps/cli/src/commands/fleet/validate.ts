import type { Command } from 'commander';
import { addFleetOptions } from '../../fleet/fleet-options.js';
import { withExamples, type CliContext } from '../shared/command-kit.js';
import { runFleetCommand } from './run-command.js';

export function registerFleetValidate(fleet: Command, ctx: CliContext): void {
  const command = fleet
    .command('validate')
    .description('check the folder against every target (checksums, missing, out-of-order, dirty), changing nothing');
  addFleetOptions(command);
  withExamples(command, ['godwit fleet validate --dir migrations/tenant --targets tenants.txt', 'godwit fleet validate --fleet tenants --json']);
  command.action(async (_options, cmd: Command) => {
    await runFleetCommand(ctx, cmd, {
      command: 'fleet validate',
      job: 'validate',
    });
  });
}
