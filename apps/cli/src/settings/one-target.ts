/**
 * The single database of every command but migrate-all and --all: the one-target case.
 * Precedence for the database: `--database` > the folder's convention URL (`--dir
 * migrations/postgres-user` reads `$POSTGRES_USER_URL`, as migrate-all does) > `$DATABASE_URL` >
 * the config (its --env section, then its top level) > `sqlite:./dev.db` (the session says so on
 * stderr). A convention folder of another driver never falls back to that SQLite default: its
 * unset variable is named instead. Other settings: flag > config environment > config top level >
 * default.
 */
import { basename, dirname } from 'node:path';
import { DEFAULT_TABLE, type DriverKind, GodwitError, resolveDatabase } from '@godwit/core';
import { folderDriver, urlVariableOf } from './discover.js';
import { type ConfigLayers, topLevelValue } from './config-layers.js';
import type { GlobalOptions } from './options.js';
import { DEFAULT_DIR, localPath } from './paths.js';
import { checkPostgresOnly, runSettings } from './run-settings.js';
import type { DatabaseOrigin, Target } from './target.js';
import { attachDatabase } from './target-database.js';

export const DEFAULT_DATABASE = 'sqlite:./dev.db';

/** `required`: every migrating command; `optional`: validate (files only without one); `none`: create. */
export type DatabaseNeed = 'required' | 'optional' | 'none';

export function oneTarget(options: GlobalOptions, layers: ConfigLayers, cwd: string, need: DatabaseNeed): Target {
  const dir = options.dir ?? topLevelValue(layers, 'dir') ?? DEFAULT_DIR;
  const shared = runSettings(options, layers);
  const table = options.table ?? topLevelValue(layers, 'table') ?? DEFAULT_TABLE;
  const target: Target = { ...shared, dir: localPath(cwd, dir), table };
  // The config's database is read (and its ${VAR}s expanded) only when it is the one used.
  const convention = conventionFolder(dir);
  const chosen = need === 'none' ? undefined : chooseDatabase(options, layers.env, convention, () => topLevelValue(layers, 'database'), need);
  if (chosen) {
    // The config's driver describes the config's database, not one given by flag or environment.
    const driver = options.driver ?? (chosen.origin === 'config' ? topLevelValue(layers, 'driver') : undefined);
    const database = resolveDatabase(chosen.url, driver);
    checkPostgresOnly(shared, database, database.redacted);
    attachDatabase(target, database, chosen.origin, cwd);
  }
  return target;
}

/** A folder named by the multi-database convention (`.../postgres-user` or its `schema/`). */
interface ConventionFolder {
  dir: string;
  driver: DriverKind;
  urlVariable: string;
}

function conventionFolder(dir: string): ConventionFolder | undefined {
  const trimmed = dir.replace(/[\\/]+$/, '');
  const name = basename(trimmed) === 'schema' ? basename(dirname(trimmed)) : basename(trimmed);
  const driver = folderDriver(name);
  return driver ? { dir, driver, urlVariable: urlVariableOf(name) } : undefined;
}

function chooseDatabase(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv,
  convention: ConventionFolder | undefined,
  configuredDatabase: () => string | undefined,
  need: DatabaseNeed,
): { url: string; origin: DatabaseOrigin } | undefined {
  if (options.database !== undefined) return { url: options.database, origin: 'flag' };
  const conventionUrl = convention ? env[convention.urlVariable] : undefined;
  if (conventionUrl) return { url: conventionUrl, origin: 'env' };
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, origin: 'env' };
  const configured = configuredDatabase();
  if (configured !== undefined) return { url: configured, origin: 'config' };
  if (need !== 'required') return undefined;
  if (convention && convention.driver !== 'sqlite') {
    throw new GodwitError('CONFIG', `${convention.dir} is a ${convention.driver} database folder, but ${convention.urlVariable} is not set`, {
      hint: `set ${convention.urlVariable} (or put it in .env), or pass --database; the SQLite default cannot run this folder`,
    });
  }
  return { url: DEFAULT_DATABASE, origin: 'default' };
}
