import type { Command } from 'commander';
import { GodwitError, type RunResult } from '@godwit/core';
import { type CliContext, optionsOf, withExamples } from '../../context/command-kit.js';
import { addYesOption } from '../../context/options.js';
import { type DatabaseOutcome, executeAll } from '../../project/execute-all.js';
import { type ProjectOptions, addProjectOptions } from '../../project/options.js';
import type { Project } from '../../project/resolve.js';

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
        urlRequired: true,
        continueOnError: false,
        columns: ['BEFORE', 'AFTER', 'APPLIED', ...(seed ? ['SEEDS'] : [])],
        check: (project) => refuseUnconfirmedSeeds(project, options),
      },
      async (db, session) => {
        const schema = await session(db.dir, db.table)((s) => s.migrator.up());
        const outcome = migrated(schema);
        if (!seed) return outcome;
        if (!db.seedDir) return { ...outcome, cells: [...outcome.cells, 'no seed/'], json: { ...outcome.json, seeds: null } };
        if (!schema.ok) return { ...outcome, cells: [...outcome.cells, '-'] };
        // Seeds have their own store, so their versions never mix with the schema's.
        const seeds = await session(db.seedDir, `${db.table}_seeds`)((s) => s.migrator.up());
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
function refuseUnconfirmedSeeds(project: Project, options: ProjectOptions): void {
  if (options.seed !== true || !project.protectedEnv || options.yes || options.dryRun) return;
  throw new GodwitError('ABORTED', `environment "${project.protectedEnv}" is protected: migrate-all --seed needs --yes`, {
    hint: 'check the target, then run again with --yes (or drop --seed)',
  });
}
