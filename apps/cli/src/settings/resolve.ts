/**
 * The one settings resolver. Every command turns its argv options, the environment (./.env
 * merged in by `main`), the config file and its working folder into a list of targets here, and
 * nowhere else:
 * - a single-database command gets the one-target case (one-target.ts);
 * - migrate-all, status --all and validate --all get one target per database of the project
 *   (project-targets.ts).
 * The config file is read once per command, through `files` (the disk unless a test says
 * otherwise). Every relative path is resolved against `cwd`, never process.cwd(). Nothing here
 * opens a database: whatever a setting can get wrong is reported before anything runs.
 */
import { diskFiles, type SettingsFiles } from '../config/files.js';
import { loadConfig } from '../config/load.js';
import { configLayers } from './config-layers.js';
import { type DatabaseNeed, oneTarget } from './one-target.js';
import type { ProjectOptions } from './project-options.js';
import { projectTargets, type UrlRequirement } from './project-targets.js';
import type { ProjectTarget, Target } from './target.js';

/** One database (`need` says whether it must exist), or every database of the project. */
export type Scope = OneScope | ProjectScope;
export type OneScope = { kind: 'one'; need: DatabaseNeed };
export type ProjectScope = { kind: 'project'; urlRequired: UrlRequirement };

export interface ResolveInput<S extends Scope = Scope> {
  options: ProjectOptions;
  env: NodeJS.ProcessEnv;
  /** the command's working folder: the config file and every relative path are found from here */
  cwd: string;
  scope: S;
  files?: SettingsFiles;
}

export interface Resolution<T extends Target = Target> {
  /** exactly one for scope `one` */
  targets: T[];
  /** folders the project discovery skipped, one line each */
  warnings: string[];
  /** every database URL chosen, so that their secrets are masked before anything is printed */
  urls: string[];
}

/** A project's targets always have an id and a driver. */
export type TargetOf<S extends Scope> = S extends { kind: 'project' } ? ProjectTarget : Target;

export async function resolveTargets<S extends Scope>({ options, env, cwd, scope, files = diskFiles }: ResolveInput<S>): Promise<Resolution<TargetOf<S>>> {
  const loaded = await loadConfig(options.config, cwd, files);
  const layers = configLayers(loaded, options.env, env);
  const { targets, warnings } =
    scope.kind === 'one'
      ? { targets: [oneTarget(options, layers, cwd, scope.need)], warnings: [] }
      : projectTargets({ options, layers, cwd, files, urlRequired: scope.urlRequired });
  const urls = targets.flatMap((t) => (t.database ? [t.database.url] : []));
  // The scope decided which kind of target was made; TypeScript cannot follow that through the branch.
  return { targets: targets as TargetOf<S>[], warnings, urls };
}
