import type { Command } from 'commander';
import type { CliContext } from '../shared/command-kit.js';
import { registerFleetSubcommand } from './run-command.js';

export function registerFleetRehearse(fleet: Command, ctx: CliContext): void {
  registerFleetSubcommand(fleet, ctx, {
    name: 'rehearse',
    description: "on every target, run its pending migrations in one transaction and roll it back: which targets they would fail on, the locks they take (PostgreSQL, SQLite; changes nothing)",
    examples: [
      'godwit fleet rehearse --dir migrations/tenant --targets tenants.txt',
      "godwit fleet rehearse --dir migrations/tenant --database postgres://app@db/saas --schemas 'tenant_%' --lock-timeout 2s",
      "godwit fleet rehearse --fleet tenants --json | jq '.targets[] | select(.result == \"failed\") | .error.message'",
    ],
    job: 'rehearse',
  });
}
