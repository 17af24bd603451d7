import type { Command } from 'commander';
import type { RunResult } from '@godwit/core';
import { requireConfirmation } from '../../session/protect.js';
import { addYesOption } from '../../settings/options.js';
import { type ProjectOptions, addProjectOptions } from '../../settings/project-options.js';
import { type ProjectTarget, seedTargetOf } from '../../settings/target.js';
import { type CliContext, optionsOf, withExamples } from '../shared/command-kit.js';
import { type DatabaseOutcome, executeAll } from '../shared/execute-all.js';

export function registerMigrateAll(program: Command, ctx: CliContext): void {
  const command = program
    .command('migrate-all')
    .description('apply pending migrations to every database of the project (migrations/<driver>-<name>/ and the config)');
  addProjectOptions(command)
    .option('--continue-on-error', 'after a database fails, still migrate the others (default: stop, the rest are skipped)')
    .option('--seed', 'then apply each database\'s seed/ migrations (tracked in <table>_seeds)');
  addYesOption(command);
  withExamples(command, [
    'POSTGRES_PRODUCT_URL=postgres://app@db/product MONGO_ANALYTICS_URL=mongodb://db/analytics godwit migrate-all',
    'godwit migrate-all --only postgres-product,postgres-user --concurrency 2',
    'godwit migrate-all --env prod --continue-on-error --json > report.json',
    'godwit migrate-all --seed',
  ]);
  command.action(async (_options, cmd: Command) => {
    const options = optionsOf(cmd) as ProjectOptions;
    const seed = options.seed === true;
    const code = await executeAll(
      ctx,
      options,
      {
        command: 'migrate-all',
        urlRequired: 'all',
        continueOnError: false,
        columns: ['BEFORE', 'AFTER', 'APPLIED', ...(seed ? ['SEEDS'] : [])],
        check: (targets) => refuseUnconfirmedSeeds(targets, options),
      },
      async (target, open) => {
        const schema = await open(target, (s) => s.migrator.up());
        const outcome = migrated(schema);
        if (!seed) return outcome;
        const seedTarget = seedTargetOf(target);
        if (!seedTarget) return { ...outcome, cells: [...outcome.cells, 'no seed/'], json: { ...outcome.json, seeds: null } };
        if (!schema.ok) return { ...outcome, cells: [...outcome.cells, '-'] };
        const seeds = await open(seedTarget, (s) => s.migrator.up());
        const seeded = migrated(seeds);
        return {
          ok: seeds.ok,
          json: { ...outcome.json, seeds: seeded.json },
          cells: [...outcome.cells, String(appliedCount(seeds))],
          errors: seeded.errors ?? [],
        };
      },
    );
    ctx.setExitCode(code);
  });
}

function migrated(result: RunResult): DatabaseOutcome {
  return {
    ok: result.ok,
    json: { before: result.before, after: result.after, applied: appliedCount(result), dryRun: result.dryRun },
    cells: [String(result.before), String(result.after), result.dryRun ? `${result.results.length} planned` : String(appliedCount(result))],
    errors: result.error ? [result.error] : [],
  };
}

function appliedCount(result: RunResult): number {
  return result.results.filter((s) => s.status === 'applied').length;
}

/** Seeds write data: on a protected environment they need --yes, checked before any database is touched. */
function refuseUnconfirmedSeeds(targets: readonly ProjectTarget[], options: ProjectOptions): void {
  if (options.seed !== true || options.dryRun) return;
  requireConfirmation({
    // the --env section's protection, the same for every target
    protectedEnv: targets[0]?.protectedEnv,
    yes: options.yes,
    what: 'migrate-all --seed',
    hint: 'check the target, then run again with --yes (or drop --seed)',
  });
}
