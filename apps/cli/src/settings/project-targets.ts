/**
 * The databases of a multi-database project (migrate-all, status --all, validate --all): the
 * folders found by convention, combined with the config file's `databases` (and the --env
 * section's per-id overrides), narrowed by --only/--except, each with its URL resolved. Everything
 * that can be wrong is found here, before any database is touched: a missing URL (named by its
 * variable), a driver that does not match the URL, two databases that would share one store.
 */
import { join } from 'node:path';
import { DEFAULT_TABLE, type DriverKind, GodwitError, type ResolvedDatabase, resolveDatabase } from '@godwit/core';
import type { SettingsFiles } from '../config/files.js';
import type { DatabaseEntry } from '../config/schema.js';
import { type ConfigLayers, databaseValue } from './config-layers.js';
import { discoverDatabases, urlVariableOf } from './discover.js';
import { DEFAULT_DIR, localPath } from './paths.js';
import type { ProjectOptions } from './project-options.js';
import { checkPostgresOnly, runSettings } from './run-settings.js';
import { selectDatabases } from './select.js';
import { refuseSharedStores } from './shared-store.js';
import type { ProjectTarget, RunSettings } from './target.js';
import { attachDatabase } from './target-database.js';

/**
 * What a database without a URL means: `all` (migrate-all) refuses the run, naming every unset
 * variable at once; `each` (status --all) marks that database and looks at the others; `none`
 * (validate) checks its files alone.
 */
export type UrlRequirement = 'all' | 'each' | 'none';

export interface ProjectInput {
  options: ProjectOptions;
  layers: ConfigLayers;
  cwd: string;
  files: SettingsFiles;
  urlRequired: UrlRequirement;
}

export interface Project {
  targets: ProjectTarget[];
  /** folders skipped by discovery, one line each */
  warnings: string[];
}

export function projectTargets({ options, layers, cwd, files, urlRequired }: ProjectInput): Project {
  const { loaded, env } = layers;
  const root = options.dir ?? DEFAULT_DIR;
  const discovery = discoverDatabases(root, cwd, options.strict === true, files);
  const ids = new Set<string>([...discovery.databases.map((d) => d.id), ...Object.keys(loaded?.config.databases ?? {})]);
  const selected = selectDatabases([...ids].sort(), options);

  const unset: Array<{ id: string; variable: string }> = [];
  // id -> the layers, lowest first: convention, config, environment
  const found = selected.map((id) => {
    const convention = discovery.databases.find((d) => d.id === id);
    const value = (key: keyof DatabaseEntry) => databaseValue(layers, id, key);
    const urlVariable = convention?.urlVariable ?? urlVariableOf(id);
    const configUrl = value('url');
    const url = configUrl ?? env[urlVariable];
    const driverName = value('driver') ?? convention?.driver;
    const dir = value('dir') ?? convention?.dir ?? join(root, id);
    const seedDir = value('seedDir') ?? convention?.seedDir;
    const table = value('table') ?? options.table ?? loaded?.config.table ?? DEFAULT_TABLE;

    let database: ResolvedDatabase | undefined;
    let missing: GodwitError | undefined;
    if (url === undefined || url === '') {
      if (urlRequired !== 'none') {
        unset.push({ id, variable: urlVariable });
        missing = new GodwitError('CONFIG', `${id}: no database URL: ${urlVariable} is not set`, {
          hint: `set ${urlVariable}${loaded ? `, or "url" under databases.${id} in ${loaded.file}` : ' (or in ./.env)'}`,
        });
      }
    } else {
      database = resolveFor(id, url, driverName);
    }
    const driver = database?.kind ?? (driverName ? resolveDriverName(id, driverName) : undefined);
    if (!driver) {
      throw new GodwitError('CONFIG', `${id}: no driver: the folder is not named <driver>-<name> and no "driver" is given`, {
        ...(loaded && { file: loaded.file }),
        hint: `add "driver" under databases.${id}`,
      });
    }
    const target: Omit<ProjectTarget, keyof RunSettings> = { id, driver, dir: localPath(cwd, dir), table };
    if (seedDir !== undefined) target.seedDir = localPath(cwd, seedDir);
    if (database) attachDatabase(target, database, configUrl !== undefined ? 'config' : 'env', cwd);
    if (missing) target.unresolved = missing;
    return target;
  });
  if (urlRequired === 'all' && unset.length > 0) throw unsetUrls(unset, loaded?.file);

  refuseSharedStores(found);
  // The flags last: a bad duration is reported once the project itself is sound.
  const shared = runSettings(options, layers);
  for (const t of found) checkPostgresOnly(shared, t.database, t.id);
  return { targets: found.map((t) => ({ ...shared, ...t })), warnings: discovery.warnings };
}

/** One error for every database without a URL, so a deploy is fixed in one round, not one per variable. */
function unsetUrls(unset: ReadonlyArray<{ id: string; variable: string }>, configFile: string | undefined): GodwitError {
  if (unset.length === 1) {
    const [{ id, variable }] = unset as [{ id: string; variable: string }];
    return new GodwitError('CONFIG', `${id}: no database URL: ${variable} is not set`, {
      hint: `set ${variable}${configFile ? `, or "url" under databases.${id} in ${configFile}` : ' (or in ./.env)'}`,
    });
  }
  const variables = unset.map((u) => u.variable);
  return new GodwitError('CONFIG', `${unset.length} databases have no URL: ${unset.map((u) => `${u.variable} (${u.id})`).join(', ')} are not set`, {
    hint: `set ${variables.join(', ')}${configFile ? `, or "url" under databases.<id> in ${configFile}` : ' (or in ./.env)'}`,
    data: { variables },
  });
}

function resolveFor(id: string, url: string, driver: string | undefined): ResolvedDatabase {
  try {
    return resolveDatabase(url, driver);
  } catch (e) {
    if (!(e instanceof GodwitError)) throw e;
    throw new GodwitError('CONFIG', `${id}: ${e.message.replace(/^--driver /, 'driver ')}`, {
      hint: `check the URL and the driver of ${id} (the folder prefix or "driver" in the config)`,
    });
  }
}

function resolveDriverName(id: string, name: string): DriverKind {
  // resolveDatabase knows the driver names; a URL of the right scheme lets it check one alone.
  const probe: Record<DriverKind, string> = { postgres: 'postgres://x', sqlite: 'sqlite:x', mongodb: 'mongodb://x' };
  for (const kind of Object.keys(probe) as DriverKind[]) {
    try {
      if (resolveDatabase(probe[kind], name).kind === kind) return kind;
    } catch {
      // not this kind
    }
  }
  throw new GodwitError('CONFIG', `${id}: unknown driver "${name}"`, { hint: 'use postgres, sqlite or mongodb' });
}
