/**
 * The project's databases: the folders found by convention, combined with the config file's
 * `databases` (and the `--env` section's per-id overrides), narrowed by --only/--except, each
 * with its URL resolved. Everything that can be wrong is found here, before any database is
 * touched: a missing URL (named by its variable), a driver that does not match the URL, two
 * databases that would share one version table.
 */
import { join, resolve } from 'node:path';
import { type DriverKind, GodwitError, type ResolvedDatabase, resolveDatabase } from '@godwit/core';
import { interpolate } from '../config/interpolate.js';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import type { DatabaseEntry } from '../config/schema.js';
import { DEFAULT_DIR } from '../context/settings.js';
import { discoverDatabases, urlVariableOf } from './discover.js';
import type { ProjectOptions } from './options.js';

export const DEFAULT_TABLE = 'godwit_migrations';

export interface ProjectDatabase {
  id: string;
  driver: DriverKind;
  dir: string;
  seedDir?: string;
  table: string;
  /** undefined only when the URL is optional (validate --all) and not set */
  database?: ResolvedDatabase;
  /** where the URL comes from, for messages: `$POSTGRES_PRODUCT_URL` or `databases.x.url` */
  urlFrom: string;
}

export interface Project {
  databases: ProjectDatabase[];
  warnings: string[];
  /** the --env section asks for --yes before destructive work */
  protectedEnv?: string;
  /** every URL, so the caller can mask their secrets before anything is printed */
  urls: string[];
}

export interface ProjectInput {
  options: ProjectOptions;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** migrate-all and status need every URL; validate can check files only */
  urlRequired: boolean;
}

export async function resolveProject({ options, env, cwd, urlRequired }: ProjectInput): Promise<Project> {
  const loaded = await loadConfig(options.config, cwd);
  const section = environmentOf(loaded, options.env);
  const root = options.dir ?? DEFAULT_DIR;
  const discovery = discoverDatabases(root, cwd, options.strict === true);

  // id -> the layers, lowest first: convention, config, environment
  const ids = new Set<string>([...discovery.databases.map((d) => d.id), ...Object.keys(loaded?.config.databases ?? {})]);
  const selected = select([...ids].sort(), options);
  const project: Project = { databases: [], warnings: discovery.warnings, urls: [] };
  if (section?.protected) project.protectedEnv = options.env!;

  for (const id of selected) {
    const found = discovery.databases.find((d) => d.id === id);
    const fromConfig = loaded?.config.databases?.[id];
    const fromEnv = section?.databases?.[id];
    const merged: DatabaseEntry = { ...fromConfig, ...fromEnv };
    const where = (key: keyof DatabaseEntry) =>
      fromEnv?.[key] !== undefined ? `environments.${options.env}.databases.${id}.${key}` : `databases.${id}.${key}`;
    const value = (key: keyof DatabaseEntry) => {
      const v = merged[key];
      return v === undefined ? undefined : interpolate(v, where(key), loaded!.file, env);
    };

    const urlVariable = found?.urlVariable ?? urlVariableOf(id);
    const configUrl = value('url');
    const url = configUrl ?? env[urlVariable];
    const urlFrom = configUrl !== undefined ? where('url') : `$${urlVariable}`;
    const driverName = value('driver') ?? found?.driver;
    const dirValue = value('dir');
    const dir = dirValue ?? found?.dir ?? join(root, id);
    const seedValue = value('seedDir');
    const seedDir = seedValue ?? found?.seedDir;
    const table = value('table') ?? options.table ?? loaded?.config.table ?? DEFAULT_TABLE;

    let database: ResolvedDatabase | undefined;
    if (url === undefined || url === '') {
      if (urlRequired) {
        throw new GodwitError('CONFIG', `${id}: no database URL: ${urlVariable} is not set`, {
          hint: `set ${urlVariable}${loaded ? `, or "url" under databases.${id} in ${loaded.file}` : ' (or in ./.env)'}`,
        });
      }
    } else {
      project.urls.push(url);
      database = resolveFor(id, url, driverName);
    }
    const driver = database?.kind ?? (driverName ? resolveDriverName(id, driverName) : undefined);
    if (!driver) {
      throw new GodwitError('CONFIG', `${id}: no driver: the folder is not named <driver>-<name> and no "driver" is given`, {
        ...(loaded && { file: loaded.file }),
        hint: `add "driver" under databases.${id}`,
      });
    }
    project.databases.push({ id, driver, dir, ...(seedDir !== undefined && { seedDir }), table, ...(database && { database }), urlFrom });
  }
  refuseSharedTables(project.databases, cwd);
  return project;
}

function select(ids: string[], options: ProjectOptions): string[] {
  for (const [flag, list] of [['--only', options.only], ['--except', options.except]] as const) {
    for (const id of list ?? []) {
      if (!ids.includes(id)) {
        throw new GodwitError('USAGE', `${flag}: no database "${id}"`, {
          hint: ids.length ? `databases: ${ids.join(', ')}` : 'no database found: add migrations/<driver>-<name>/ folders or "databases" to the config',
        });
      }
    }
  }
  if (options.only && options.except) {
    throw new GodwitError('USAGE', '--only and --except together', { hint: 'use one of them' });
  }
  const chosen = ids.filter((id) => (!options.only || options.only.includes(id)) && !options.except?.includes(id));
  if (ids.length === 0) {
    throw new GodwitError('USAGE', 'no databases in this project', {
      hint: 'add migrations/<driver>-<name>/ folders (e.g. migrations/postgres-app), or "databases" to godwit.config.json',
    });
  }
  return chosen;
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

/** Two databases on one store would read each other's history: refuse before anything runs. */
function refuseSharedTables(databases: ProjectDatabase[], cwd: string): void {
  const seen = new Map<string, string>();
  for (const db of databases) {
    if (!db.database) continue;
    const target = db.database.kind === 'sqlite' ? `sqlite:${resolve(cwd, db.database.sqlitePath ?? db.database.url)}` : db.database.url.replace(/\/+$/, '');
    const key = `${target}\u0000${db.table}`;
    const other = seen.get(key);
    if (other) {
      throw new GodwitError('CONFIG', `${other} and ${db.id} both use ${db.database.redacted} with table ${db.table}`, {
        hint: `give one of them its own database URL, or its own "table" under databases.${db.id}`,
      });
    }
    seen.set(key, db.id);
  }
}

function environmentOf(loaded: LoadedConfig | undefined, name: string | undefined) {
  if (name === undefined) return undefined;
  const section = loaded?.config.environments?.[name];
  if (!loaded || !section) {
    const known = Object.keys(loaded?.config.environments ?? {});
    throw new GodwitError('CONFIG', loaded ? `no environment "${name}"` : `--env ${name} needs a config file with "environments"`, {
      ...(loaded && { file: loaded.file }),
      hint: known.length ? `known environments: ${known.join(', ')}` : 'add it under "environments" in godwit.config.json',
    });
  }
  return section;
}
