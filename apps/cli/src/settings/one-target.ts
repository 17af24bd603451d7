/**
 * The single database of every command but migrate-all and --all: the one-target case.
 * Precedence for the database: `--database` > `$DATABASE_URL` > the config (its --env section,
 * then its top level) > `sqlite:./dev.db` (the session says so on stderr). Other settings: flag >
 * config environment > config top level > default.
 */
import { DEFAULT_TABLE, resolveDatabase } from '@godwit/core';
import { type ConfigLayers, topLevelValue } from './config-layers.js';
import type { GlobalOptions } from './options.js';
import { DEFAULT_DIR, localPath } from './paths.js';
import { checkSingleTransaction, runSettings } from './run-settings.js';
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
  const chosen = need === 'none' ? undefined : chooseDatabase(options, layers.env, () => topLevelValue(layers, 'database'), need);
  if (chosen) {
    // The config's driver describes the config's database, not one given by flag or environment.
    const driver = options.driver ?? (chosen.origin === 'config' ? topLevelValue(layers, 'driver') : undefined);
    const database = resolveDatabase(chosen.url, driver);
    checkSingleTransaction(shared, database, database.redacted);
    attachDatabase(target, database, chosen.origin, cwd);
  }
  return target;
}

function chooseDatabase(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv,
  configuredDatabase: () => string | undefined,
  need: DatabaseNeed,
): { url: string; origin: DatabaseOrigin } | undefined {
  if (options.database !== undefined) return { url: options.database, origin: 'flag' };
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, origin: 'env' };
  const configured = configuredDatabase();
  if (configured !== undefined) return { url: configured, origin: 'config' };
  return need === 'required' ? { url: DEFAULT_DATABASE, origin: 'default' } : undefined;
}
