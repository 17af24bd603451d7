/**
 * The settings every target of a command shares: the run limits and switches from the flags
 * (durations such as `5m` or `1m30s`; `0` means no limit), and the --env section's protection,
 * backup and the config's plugins.
 */
import { GodwitError, type ResolvedDatabase, type RunOptions, parseDuration } from '@godwit/core';
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
  };
  const lockTtlMs = lockTtlOf(options);
  if (lockTtlMs !== undefined) settings.lockTtlMs = lockTtlMs;
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
