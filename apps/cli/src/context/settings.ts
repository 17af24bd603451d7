/**
 * Turns global options, the environment and the config file into what a command needs: the
 * database (or none), the folder, the table, the run limits. Precedence for the database:
 * `--database` > `$DATABASE_URL` > the config (its `--env` section, then its top level) >
 * `sqlite:./dev.db`. Other settings: flag > config environment > config top level > default.
 */
import { GodwitError, type ResolvedDatabase, type RunOptions, parseDuration, resolveDatabase } from '@godwit/core';
import { interpolate } from '../config/interpolate.js';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import type { DatabaseSettings } from '../config/schema.js';
import type { ConfiguredPlugins } from './config-plugins.js';
import type { GlobalOptions } from './options.js';

export const DEFAULT_DATABASE = 'sqlite:./dev.db';
export const DEFAULT_DIR = './migrations';
const NO_LIMIT_MS = 2 ** 31 - 1;

/** `required`: every migrating command; `optional`: validate (files only without one); `none`: create. */
export type DatabaseNeed = 'required' | 'optional' | 'none';

export type DatabaseOrigin = 'flag' | 'env' | 'config' | 'default';

export interface Settings {
  dir: string;
  table?: string;
  database?: ResolvedDatabase;
  databaseOrigin?: DatabaseOrigin;
  /** the selected environment asks for --yes before destructive commands */
  protectedEnv?: string;
  run: RunOptions;
  json: boolean;
  level: 'debug' | 'info' | 'warn';
  singleTransaction: boolean;
  /** MongoDB lock lifetime without refresh, ms */
  lockTtlMs?: number;
  /** `"backup": true` in the selected environment: back up before migrating */
  backup?: boolean;
  /** the config file's `plugins`, loaded by the session for commands that run migrations */
  plugins?: ConfiguredPlugins;
}

export interface SettingsInput {
  options: GlobalOptions;
  env: NodeJS.ProcessEnv;
  cwd: string;
  need: DatabaseNeed;
}

export async function resolveSettings({ options, env, cwd, need }: SettingsInput): Promise<Settings> {
  const loaded = await loadConfig(options.config, cwd);
  const section = environmentSection(loaded, options.env);
  const fromConfig = (key: keyof DatabaseSettings): string | undefined => {
    const value = section?.[key] ?? loaded?.config[key];
    if (value === undefined || !loaded) return undefined;
    const where = section?.[key] !== undefined ? `environments.${options.env}.${key}` : key;
    return interpolate(value, where, loaded.file, env);
  };

  const settings: Settings = {
    dir: options.dir ?? fromConfig('dir') ?? DEFAULT_DIR,
    run: runOptions(options),
    json: options.json === true,
    level: options.verbose ? 'debug' : options.quiet ? 'warn' : 'info',
    singleTransaction: options.singleTransaction === true,
  };
  if (options.lockTtl !== undefined) {
    const ms = parseDuration(options.lockTtl, '--lock-ttl');
    if (ms < 1000) {
      throw new GodwitError('USAGE', `--lock-ttl ${options.lockTtl} is too short: a lock must live at least 1s`, {
        hint: 'e.g. --lock-ttl 30s',
      });
    }
    settings.lockTtlMs = ms;
  }
  const table = options.table ?? fromConfig('table');
  if (table !== undefined) settings.table = table;
  if (section?.protected) settings.protectedEnv = options.env!;
  if (section?.backup) settings.backup = true;
  if (loaded?.config.plugins?.length) settings.plugins = { entries: loaded.config.plugins, file: loaded.file };

  if (need !== 'none') {
    const chosen = chooseDatabase(options, env, fromConfig('database'), need);
    if (chosen) {
      // The config's driver describes the config's database, not one given by flag or environment.
      const driver = options.driver ?? (chosen.origin === 'config' ? fromConfig('driver') : undefined);
      settings.database = resolveDatabase(chosen.url, driver);
      settings.databaseOrigin = chosen.origin;
    }
  }
  if (settings.singleTransaction && settings.database && settings.database.kind !== 'postgres') {
    throw new GodwitError('USAGE', `--single-transaction is for PostgreSQL, and ${settings.database.redacted} is ${settings.database.kind}`, {
      hint: 'drop --single-transaction',
    });
  }
  return settings;
}

function chooseDatabase(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv,
  configured: string | undefined,
  need: DatabaseNeed,
): { url: string; origin: DatabaseOrigin } | undefined {
  if (options.database !== undefined) return { url: options.database, origin: 'flag' };
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, origin: 'env' };
  if (configured !== undefined) return { url: configured, origin: 'config' };
  return need === 'required' ? { url: DEFAULT_DATABASE, origin: 'default' } : undefined;
}

function environmentSection(loaded: LoadedConfig | undefined, name: string | undefined) {
  if (name === undefined) return undefined;
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

function runOptions(options: GlobalOptions): RunOptions {
  // 0 means no limit, as for the other durations: wait as long as timers can.
  const lockTimeoutMs = parseDuration(options.lockTimeout, '--lock-timeout') || NO_LIMIT_MS;
  const run: RunOptions = { lockTimeoutMs };
  if (options.timeout !== undefined) {
    const ms = parseDuration(options.timeout, '--timeout');
    if (ms > 0) run.timeoutMs = ms;
  }
  if (options.statementTimeout !== undefined) {
    const ms = parseDuration(options.statementTimeout, '--statement-timeout');
    if (ms > 0) run.statementTimeoutMs = ms;
  }
  if (options.dryRun) run.dryRun = true;
  if (options.allowMissing) run.allowMissing = true;
  if (options.skipUnsupported) run.skipUnsupported = true;
  return run;
}
