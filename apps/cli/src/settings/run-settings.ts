/**
 * The settings every target of a command shares: the run limits and switches from the flags
 * (durations such as `5m` or `1m30s`; `0` means no limit), and the --env section's protection,
 * backup and the config's plugins.
 */
import { GodwitError, type MigrationLimits, type ResolvedDatabase, type RunOptions, parseDuration } from '@godwit/core';
import { type ConfigLayers, topLevelValue } from './config-layers.js';
import type { GlobalOptions } from './options.js';
import type { RunSettings } from './target.js';

/** What "no limit" waits: as long as timers can. */
const NO_LIMIT_MS = 2 ** 31 - 1;

export function runSettings(options: GlobalOptions, layers: ConfigLayers): RunSettings {
  const settings: RunSettings = {
    run: runOptions(options),
    singleTransaction: options.singleTransaction === true,
    backup: layers.section?.backup === true,
    checkDrift: layers.section?.checkDrift === true,
  };
  const lockTtlMs = lockTtlOf(options);
  if (lockTtlMs !== undefined) settings.lockTtlMs = lockTtlMs;
  const defaults = migrationDefaultsOf(layers);
  if (defaults) settings.run.migrationDefaults = defaults;
  const role = options.role ?? topLevelValue(layers, 'role');
  if (role !== undefined) settings.role = role;
  if (layers.section?.protected) settings.protectedEnv = layers.envName!;
  const plugins = layers.loaded?.config.plugins;
  if (layers.loaded && plugins?.length) settings.plugins = { entries: plugins, file: layers.loaded.file };
  return settings;
}

/** --single-transaction and --role are PostgreSQL features: refused for any other database, `name`d in the message. */
export function checkPostgresOnly(settings: RunSettings, database: ResolvedDatabase | undefined, name: string): void {
  if (!database || database.kind === 'postgres') return;
  if (settings.singleTransaction) {
    throw new GodwitError('USAGE', `--single-transaction is for PostgreSQL, and ${name} is ${database.kind}`, {
      hint: 'drop --single-transaction',
    });
  }
  if (settings.role !== undefined) {
    throw new GodwitError('USAGE', `--role is for PostgreSQL, and ${name} is ${database.kind} (the ${database.kind} driver has no roles)`, {
      hint: 'drop --role (or "role" from the config for this database)',
    });
  }
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
  if (options.resume) run.resume = true;
  if (options.phase) run.phase = options.phase;
  if (options.allowIrreversible) run.allowIrreversible = true;
  return run;
}

function lockTtlOf(options: GlobalOptions): number | undefined {
  if (options.lockTtl === undefined) return undefined;
  const ms = parseDuration(options.lockTtl, '--lock-ttl');
  if (ms < 1000) {
    throw new GodwitError('USAGE', `--lock-ttl ${options.lockTtl} is too short: a lock must live at least 1s`, {
      hint: 'e.g. --lock-ttl 30s',
    });
  }
  return ms;
}

/**
 * `migrationDefaults` of the config (the --env section's keys over the top level's), as core's
 * MigrationLimits: defaults for every migration, under each migration's own directive.
 */
function migrationDefaultsOf(layers: ConfigLayers): MigrationLimits | undefined {
  const merged = { ...layers.loaded?.config.migrationDefaults, ...layers.section?.migrationDefaults };
  if (Object.keys(merged).length === 0) return undefined;
  const duration = (name: string, text: string): number => {
    try {
      return parseDuration(text, name);
    } catch {
      throw new GodwitError('CONFIG', `${layers.loaded?.file ?? 'the config'}: "migrationDefaults.${name}" is ${JSON.stringify(text)}, not a duration`, {
        hint: 'write a number with a unit (ms, s, m, h), e.g. "2s" or "1m30s"; 0 means no limit',
      });
    }
  };
  const limits: MigrationLimits = {};
  if (merged.lockTimeout !== undefined) limits.lockTimeoutMs = duration('lockTimeout', merged.lockTimeout);
  if (merged.statementTimeout !== undefined) limits.statementTimeoutMs = duration('statementTimeout', merged.statementTimeout);
  if (merged.retries !== undefined) limits.retries = merged.retries;
  if (merged.retryDelay !== undefined) limits.retryDelayMs = duration('retryDelay', merged.retryDelay);
  return limits;
}
