/**
 * `godwit init`: a starter project in the folder (`--dir`, default the current one): the config
 * file with its `$schema`, a first migration folder for the chosen driver, `.env.example` and a
 * CI workflow. It opens no database and refuses to overwrite anything without --force.
 */
import { join, normalize, resolve } from 'node:path';
import { type DriverKind, driverKind } from '@godwit/core';
import type { Command } from 'commander';
import { type Outcome, failedOutcome, report } from '../../output/outcome.js';
import { CLI_VERSION } from '../../version.js';
import { type CliContext, optionsOf, withExamples } from '../shared/command-kit.js';
import { type Starter, starterProject } from './starter-files.js';
import { type PlannedFile, planFiles, refuseOverwrites, writePlanned } from './write-files.js';

interface InitFlags {
  name: string;
  force?: boolean;
}

export function registerInit(program: Command, ctx: CliContext): void {
  const command = program
    .command('init')
    .description('write a starter project: godwit.config.json, a first migration, .env.example and a CI workflow')
    .option('--name <name>', 'the first database\'s name: its folder is migrations/<driver>-<name>', 'app')
    .option('--force', 'overwrite files that are already there');
  command.addHelpText(
    'after',
    `
Here --driver (sqlite, postgres or mongodb; default sqlite) is the first database's driver and
--dir (default: the current folder) is the project folder to write into. --dry-run lists what
would be written and writes nothing.`,
  );
  withExamples(command, [
    'godwit init',
    'godwit init --driver postgres --name shop',
    'godwit init --dir services/billing --driver mongodb --dry-run',
  ]);
  command.action(async (flags: InitFlags, cmd: Command) => {
    const options = optionsOf(cmd);
    const json = options.json === true;
    let outcome: Outcome;
    try {
      outcome = await init(ctx, { dir: options.dir ?? '.', driver: options.driver, name: flags.name, force: flags.force === true, dryRun: options.dryRun === true });
    } catch (e) {
      outcome = failedOutcome(e);
    }
    ctx.setExitCode(report(ctx, json, outcome));
  });
}

interface InitRequest {
  /** the project folder as given */
  dir: string;
  driver: string | undefined;
  name: string;
  force: boolean;
  dryRun: boolean;
}

async function init(ctx: CliContext, request: InitRequest): Promise<Outcome> {
  const driver: DriverKind = request.driver === undefined ? 'sqlite' : driverKind(request.driver);
  const starter = starterProject({ driver, name: request.name, cliVersion: CLI_VERSION });
  const planned = planFiles(resolve(ctx.cwd, request.dir), starter.files);
  const shown = (f: PlannedFile) => normalize(join(request.dir, f.path));
  if (!request.force) refuseOverwrites(planned, shown);
  if (!request.dryRun) await writePlanned(planned);

  const verb = (f: PlannedFile) => (request.dryRun ? (f.exists ? 'would overwrite' : 'would create') : f.exists ? 'overwrote' : 'created');
  const lines = planned.map((f) => `${verb(f)} ${shown(f)}`);
  const next = nextSteps(request, driver, starter);
  const text = request.dryRun
    ? `${lines.join('\n')}\ndry run: nothing was written\n`
    : `${lines.join('\n')}\n\nNext:\n${next.map((s) => `  ${s}`).join('\n')}\n`;
  return {
    ok: true,
    json: {
      dir: request.dir,
      driver,
      database: starter.id,
      urlVariable: starter.urlVariable,
      dryRun: request.dryRun,
      files: planned.map((f) => ({ path: f.path, action: f.exists ? 'overwrite' : 'create' })),
      next,
    },
    text,
  };
}

function nextSteps(request: InitRequest, driver: DriverKind, starter: Starter): string[] {
  const steps: string[] = [];
  if (normalize(request.dir) !== '.') steps.push(`cd ${request.dir}`);
  steps.push('npm install --save-dev @godwit/cli   # the config\'s $schema points into node_modules');
  if (driver === 'sqlite') steps.push(`npx godwit up   # ./dev.db; set ${starter.urlVariable} (see .env.example) for another file`);
  else steps.push(`cp .env.example .env   # then set ${starter.urlVariable} to your database`, 'npx godwit up');
  steps.push('npx godwit create create_users --template create_table');
  return steps;
}
