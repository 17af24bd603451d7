import type { Command } from 'commander';
import type { FleetSummary } from '../../fleet/fleet-tally.js';
import { renderTable } from '../../output/table.js';
import type { CliContext } from '../shared/command-kit.js';
import { registerFleetSubcommand } from './run-command.js';

export function registerFleetLint(fleet: Command, ctx: CliContext): void {
  registerFleetSubcommand(fleet, ctx, {
    name: 'lint',
    description: "lint each target's pending migrations with that target's own table sizes (PostgreSQL): a migration safe on a small tenant can lock a big one (exit 1 on an error finding)",
    examples: [
      'godwit fleet lint --dir migrations/tenant --targets tenants.txt',
      "godwit fleet lint --dir migrations/tenant --database postgres://app@db/saas --schemas 'tenant_%'",
      "godwit fleet lint --fleet tenants --json | jq '.targets[] | select(.errors > 0) | {id, rules}'",
    ],
    job: 'lint',
    summary: byRule,
  });
}

/** Per rule: how many targets it found something on, and how many findings in all; most targets first. */
function byRule(): FleetSummary {
  const rules = new Map<string, [number, number]>();
  return {
    add(t) {
      for (const [rule, n] of Object.entries((t.json.rules ?? {}) as Record<string, number>)) {
        const [seen, total] = rules.get(rule) ?? [0, 0];
        rules.set(rule, [seen + 1, total + n]);
      }
    },
    table() {
      const rows = [...rules].map(([rule, [seen, total]]): [string, number, number] => [rule, seen, total]).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      return rows.length === 0 ? '' : `${renderTable(['RULE', 'TARGETS', 'FINDINGS'], rows.map(([r, t, n]) => [r, String(t), String(n)]))}\n`;
    },
  };
}
