/**
 * What a fleet command runs on, resolved once before any target is touched: the migrations
 * folder, the store table, the targets (from a file, the config, a control query or a schema
 * pattern), narrowed to this runner's shard, every URL checked. A mistake in any of them is a
 * usage or configuration error (exit 2) naming where it was written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_TABLE, GodwitError, resolveDatabase } from '@godwit/core';
import { interpolate } from '../config/interpolate.js';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import type { FleetEntryConfig } from '../config/schema.js';
import { configLayers, topLevelValue } from '../settings/config-layers.js';
import { type LocalPath, localPath } from '../settings/paths.js';
import { checkPostgresOnly, runSettings } from '../settings/run-settings.js';
import type { RunSettings } from '../settings/target.js';
import { diskFiles } from '../config/files.js';
import { DEFAULT_FLEET_CONCURRENCY, type FleetOptions } from './fleet-options.js';
import { type Shard, inShard, shardFrom } from './shard.js';
import { type FleetEntry, idOfUrl, parseTargetList } from './target-list.js';
import { type TargetSource, listTargets } from './target-sources.js';

export interface FleetDefinition {
  /** `tenants` for a config fleet, else the targets' origin (`targets.txt`, `--schemas tenant_%`) */
  label: string;
  dir: LocalPath;
  table: string;
  concurrency: number;
  shard?: Shard;
  /** this runner's targets (its shard), in the listed order */
  entries: FleetEntry[];
  /** how many targets the whole fleet has (every shard) */
  fleetSize: number;
  shared: RunSettings;
}

export async function resolveFleet(options: FleetOptions, env: NodeJS.ProcessEnv, cwd: string): Promise<FleetDefinition> {
  const loaded = await loadConfig(options.config, cwd, diskFiles);
  const layers = configLayers(loaded, options.env, env);
  const named = options.fleet === undefined ? undefined : namedFleet(loaded, options.fleet);
  const configValue = (key: 'database' | 'table', value: string | undefined) =>
    value === undefined || !loaded ? value : interpolate(value, `fleets.${options.fleet}.${key}`, loaded.file, env);

  const dirGiven = options.dir ?? named?.dir;
  if (dirGiven === undefined) {
    throw new GodwitError('USAGE', 'a fleet needs its migrations folder', { hint: 'pass --dir migrations/<folder>, or --fleet <name> from the config file' });
  }
  const dir = localPath(cwd, dirGiven);
  if (!existsSync(dir.absolute)) {
    throw new GodwitError('USAGE', `the migrations folder ${dirGiven} is not there`, { hint: 'check --dir (or "dir" of the fleet in the config)' });
  }
  // The flags first: a bad --shard is reported before a long target list is read.
  const shard = shardFrom(options.shard, options.shardCount, env);
  const source = sourceOf(options, named, loaded, env, cwd, options.database ?? configValue('database', named?.database) ?? env.DATABASE_URL);
  const all = await listTargets(source);
  const shared = runSettings(options, layers);
  for (const entry of all) checkEntry(entry, shared);
  return {
    label: options.fleet ?? source.label,
    dir,
    table: options.table ?? configValue('table', named?.table) ?? topLevelValue(layers, 'table') ?? DEFAULT_TABLE,
    concurrency: options.concurrency ?? named?.concurrency ?? DEFAULT_FLEET_CONCURRENCY,
    ...(shard && { shard }),
    entries: all.filter((e) => inShard(e.id, shard)),
    fleetSize: all.length,
    shared,
  };
}

function namedFleet(loaded: LoadedConfig | undefined, name: string): FleetEntryConfig {
  const fleets = loaded?.config.fleets ?? {};
  const found = fleets[name];
  if (found) return found;
  const known = Object.keys(fleets);
  throw new GodwitError('USAGE', `no fleet "${name}" in ${loaded?.file ?? 'the config (there is no config file)'}`, {
    hint: known.length ? `the fleets are: ${known.join(', ')}` : 'declare it under "fleets" in godwit.config.json, or pass --dir and --targets',
  });
}

/** Exactly one way of listing targets: the flags' (one of them), else the config fleet's. */
function sourceOf(
  options: FleetOptions,
  named: FleetEntryConfig | undefined,
  loaded: LoadedConfig | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
  database: string | undefined,
): TargetSource {
  const flags = (['targets', 'targetsQuery', 'schemas'] as const).filter((k) => options[k] !== undefined);
  if (flags.length > 1) {
    throw new GodwitError('USAGE', `${flags.map(flagName).join(' and ')} both list targets`, { hint: 'give one of --targets, --targets-query, --schemas' });
  }
  const needDatabase = (what: string) => {
    if (database === undefined) throw new GodwitError('USAGE', `${what} needs a database to ask`, { hint: `pass --database postgres://... (${what} runs there)` });
    return database;
  };
  if (options.targets !== undefined) return fileSource(options.targets, '--targets', env, cwd);
  if (options.targetsQuery !== undefined) return { kind: 'query', sql: options.targetsQuery, database: needDatabase('--targets-query'), label: '--targets-query' };
  if (options.schemas !== undefined) return { kind: 'schemas', pattern: options.schemas, database: needDatabase('--schemas'), label: `--schemas ${options.schemas}` };
  if (named && loaded) {
    const key = `fleets.${options.fleet}`;
    const given = [named.targets !== undefined, named.targetsQuery !== undefined, named.schemas !== undefined].filter(Boolean).length;
    if (given !== 1) {
      throw new GodwitError('CONFIG', `${key} needs exactly one of "targets", "targetsQuery", "schemas" (found ${given})`, { file: loaded.file });
    }
    if (typeof named.targets === 'string') return fileSource(named.targets, `${key}.targets`, env, cwd);
    if (Array.isArray(named.targets)) {
      const entries = named.targets.map((u, i) => {
        const url = interpolate(u, `${key}.targets[${i}]`, loaded.file, env);
        return { id: idOfUrl(url), url, where: `${loaded.file} ${key}.targets[${i}]` };
      });
      return { kind: 'list', entries, label: options.fleet! };
    }
    if (named.targetsQuery !== undefined) return { kind: 'query', sql: named.targetsQuery, database: needDatabase(`${key}.targetsQuery`), label: options.fleet! };
    return { kind: 'schemas', pattern: named.schemas!, database: needDatabase(`${key}.schemas`), label: options.fleet! };
  }
  throw new GodwitError('USAGE', 'a fleet needs its targets', {
    hint: 'pass --targets FILE, --targets-query SQL (with --database), --schemas PATTERN (with --database), or --fleet NAME from the config',
  });
}

function fileSource(file: string, what: string, env: NodeJS.ProcessEnv, cwd: string): TargetSource {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'is not there' : `cannot be read (${(e as Error).message})`;
    throw new GodwitError('USAGE', `the targets file ${file} ${why}`, { hint: `check ${what}` });
  }
  return { kind: 'list', entries: parseTargetList(text, file, env), label: file };
}

function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Every URL is checked before the first target runs: one bad line stops the fleet, not target 2,817. */
function checkEntry(entry: FleetEntry, shared: RunSettings): void {
  try {
    const database = resolveDatabase(entry.url);
    checkPostgresOnly(shared, database, database.redacted);
    if (entry.schema !== undefined && database.kind !== 'postgres') {
      throw new GodwitError('USAGE', `schemas are a PostgreSQL feature, and ${database.redacted} is ${database.kind}`, { hint: 'use a postgres:// URL' });
    }
  } catch (e) {
    if (!(e instanceof GodwitError) || entry.where === undefined) throw e;
    throw new GodwitError(e.code, `${entry.where}: ${e.message}`, { ...(e.hint !== undefined && { hint: e.hint }) });
  }
}
