/**
 * What a command runs against, as the resolver (resolve.ts) hands it over: one database (or none)
 * with its folder, table and run settings, every path already resolved against the command's
 * working folder. Sessions use a target as it is; nothing downstream reads the options, the
 * environment or the config file again.
 */
import type { DriverKind, GodwitError, ResolvedDatabase, RunOptions } from '@godwit/core';
import type { PluginEntry } from '../config/schema.js';
import type { LocalPath } from './paths.js';

export type DatabaseOrigin = 'flag' | 'env' | 'config' | 'default';

/** The config file's `plugins`, loaded by the session of a command that opens a database. */
export interface ConfiguredPlugins {
  entries: PluginEntry[];
  /** the config file they came from, for messages and relative paths */
  file: string;
}

/** What every target of one command shares: it comes from the flags and the --env section. */
export interface RunSettings {
  run: RunOptions;
  singleTransaction: boolean;
  /** PostgreSQL: the role migrations run as (--role, or "role" in the config) */
  role?: string;
  /** MongoDB lock lifetime without refresh, ms */
  lockTtlMs?: number;
  /** the selected environment asks for --yes before destructive work */
  protectedEnv?: string;
  /** `"backup": true` in the selected environment: back up before migrating */
  backup: boolean;
  /** `"checkDrift": true` in the selected environment: status checks drift (as --check-drift) */
  checkDrift: boolean;
  plugins?: ConfiguredPlugins;
}

export interface Target extends RunSettings {
  /** `postgres-product`: one database of a multi-database project (bound to its log lines); none for a single database */
  id?: string;
  driver?: DriverKind;
  /** none: the command works on files alone (create; validate without a database) */
  database?: ResolvedDatabase;
  databaseOrigin?: DatabaseOrigin;
  /** a SQLite database's file (not for `:memory:`) */
  sqliteFile?: LocalPath;
  dir: LocalPath;
  /** a project database's `seed/` folder */
  seedDir?: LocalPath;
  table: string;
  /** PostgreSQL: the schema this target lives in (a fleet's `--schemas`): search_path and store tables */
  schema?: string;
}

/** One database of a multi-database project: its id and driver are always known. */
export interface ProjectTarget extends Target {
  id: string;
  driver: DriverKind;
  /** status --all: why this database cannot be looked at (its URL variable is unset); the others still are */
  unresolved?: GodwitError;
}

/** A database's seeds as a target of their own: its seed folder, with its own store `<table>_seeds`. */
export function seedTargetOf<T extends Target>(target: T): T | undefined {
  if (!target.seedDir) return undefined;
  // Seeds have their own store, so their versions never mix with the schema's.
  const seeds: T = { ...target, dir: target.seedDir, table: `${target.table}_seeds` };
  delete seeds.seedDir;
  return seeds;
}
