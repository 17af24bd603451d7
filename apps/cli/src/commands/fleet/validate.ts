import type { Command } from 'commander';
import type { CliContext } from '../shared/command-kit.js';
import { registerFleetSubcommand } from './run-command.js';

export function registerFleetValidate(fleet: Command, ctx: CliContext): void {
  registerFleetSubcommand(fleet, ctx, {
    name: 'validate',
    description: 'check the folder against every target (checksums, missing, out-of-order, dirty), changing nothing',
    examples: ['godwit fleet validate --dir migrations/tenant --targets tenants.txt', 'godwit fleet validate --fleet tenants --json'],
    job: 'validate',
  });
}
