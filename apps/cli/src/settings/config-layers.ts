/**
 * The config file as the resolver reads it: the top level, with the `--env` section over it, and
 * each `databases.<id>` entry with that section's override for the id. Values come back with
 * `${VAR}` replaced from the environment (only the values actually used), and an error names the
 * key path where the value was written (`environments.prod.databases.postgres-app.url`).
 */
import { GodwitError } from '@godwit/core';
import { interpolate } from '../config/interpolate.js';
import type { LoadedConfig } from '../config/load.js';
import type { DatabaseEntry, DatabaseSettings, EnvironmentConfig } from '../config/schema.js';

export interface ConfigLayers {
  /** undefined: no config file */
  loaded?: LoadedConfig;
  /** `environments.<name>` of --env */
  section?: EnvironmentConfig;
  /** the --env name */
  envName?: string;
  env: NodeJS.ProcessEnv;
}

export function configLayers(loaded: LoadedConfig | undefined, envName: string | undefined, env: NodeJS.ProcessEnv): ConfigLayers {
  const layers: ConfigLayers = { env };
  if (loaded) layers.loaded = loaded;
  if (envName !== undefined) {
    layers.envName = envName;
    layers.section = environmentSection(loaded, envName);
  }
  return layers;
}

/** A single-database key: the --env section's value, else the top level's. */
export function topLevelValue(layers: ConfigLayers, key: keyof DatabaseSettings): string | undefined {
  const { loaded, section } = layers;
  if (!loaded) return undefined;
  const fromSection = section?.[key];
  if (fromSection !== undefined) return interpolate(fromSection, `environments.${layers.envName}.${key}`, loaded.file, layers.env);
  const value = loaded.config[key];
  return value === undefined ? undefined : interpolate(value, key, loaded.file, layers.env);
}

/** A key of one project database: the --env section's override for the id, else `databases.<id>`. */
export function databaseValue(layers: ConfigLayers, id: string, key: keyof DatabaseEntry): string | undefined {
  const { loaded, section } = layers;
  if (!loaded) return undefined;
  const fromSection = section?.databases?.[id]?.[key];
  if (fromSection !== undefined) {
    return interpolate(fromSection, `environments.${layers.envName}.databases.${id}.${key}`, loaded.file, layers.env);
  }
  const value = loaded.config.databases?.[id]?.[key];
  return value === undefined ? undefined : interpolate(value, `databases.${id}.${key}`, loaded.file, layers.env);
}

function environmentSection(loaded: LoadedConfig | undefined, name: string): EnvironmentConfig {
  if (!loaded) {
    throw new GodwitError('CONFIG', `--env ${name} needs a config file with "environments"`, {
      hint: 'create ./godwit.config.json or pass --config <file>',
    });
  }
  const section = loaded.config.environments?.[name];
  if (!section) {
    const known = Object.keys(loaded.config.environments ?? {});
    throw new GodwitError('CONFIG', `no environment "${name}"`, {
      file: loaded.file,
      hint: known.length ? `known environments: ${known.join(', ')}` : 'add it under "environments"',
    });
  }
  return section;
}
