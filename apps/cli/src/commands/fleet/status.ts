import type { Command } from 'commander';
import type { FleetSummary } from '../../fleet/fleet-tally.js';
import { renderTable } from '../../output/table.js';
import type { CliContext } from '../shared/command-kit.js';
import { registerFleetSubcommand } from './run-command.js';

export function registerFleetStatus(fleet: Command, ctx: CliContext): void {
  registerFleetSubcommand(fleet, ctx, {
    name: 'status',
    description: 'one table for the fleet: how many targets at each version, which are pending, dirty, failed or unreachable (read-only, no lock)',
    examples: [
      'godwit fleet status --dir migrations/tenant --targets tenants.txt',
      "godwit fleet status --fleet tenants --json | jq '.targets[] | select(.dirty)'",
    ],
    job: 'status',
    summary: byVersion,
  });
}

/** How many targets are at each version, highest first (the targets that could be read). */
function byVersion(): FleetSummary {
  const counts = new Map<number, number>();
  const sorted = () => [...counts].sort((a, b) => b[0] - a[0]);
  return {
    add(t) {
      if (typeof t.json.current === 'number') counts.set(t.json.current, (counts.get(t.json.current) ?? 0) + 1);
    },
    table() {
      const versions = sorted();
      return versions.length === 0 ? '' : `${renderTable(['VERSION', 'TARGETS'], versions.map(([v, n]) => [String(v), String(n)]))}\n`;
    },
    json: () => ({ versions: Object.fromEntries(sorted().map(([v, n]) => [String(v), n])) }),
  };
}
