import type { Command } from 'commander';
import { addFleetOptions } from '../../fleet/fleet-options.js';
import { countBy } from '../../fleet/fleet-report.js';
import type { TargetReport } from '../../fleet/run-fleet.js';
import { renderTable } from '../../output/table.js';
import { withExamples, type CliContext } from '../shared/command-kit.js';
import { runFleetCommand } from './run-command.js';

export function registerFleetStatus(fleet: Command, ctx: CliContext): void {
  const command = fleet
    .command('status')
    .description('one table for the fleet: how many targets at each version, which are pending, dirty, failed or unreachable (read-only, no lock)');
  addFleetOptions(command);
  withExamples(command, [
    'godwit fleet status --dir migrations/tenant --targets tenants.txt',
    "godwit fleet status --fleet tenants --json | jq '.targets[] | select(.dirty)'",
  ]);
  command.action(async (_options, cmd: Command) => {
    await runFleetCommand(ctx, cmd, {
      command: 'fleet status',
      job: 'status',
      tables: (targets) => {
        const versions = versionCounts(targets);
        return versions.length === 0 ? '' : `${renderTable(['VERSION', 'TARGETS'], versions.map(([v, n]) => [String(v), String(n)]))}\n`;
      },
      extraJson: (targets) => ({ versions: Object.fromEntries(versionCounts(targets)) }),
    });
  });
}

/** How many targets are at each version, highest first (the targets that could be read). */
function versionCounts(targets: readonly TargetReport[]): Array<[number, number]> {
  const counts = countBy(
    targets.filter((t) => typeof t.json.current === 'number'),
    (t) => String(t.json.current),
  );
  return Object.entries(counts)
    .map(([v, n]): [number, number] => [Number(v), n])
    .sort((a, b) => b[0] - a[0]);
}
