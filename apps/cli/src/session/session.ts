/**
 * One command's run against one resolved target: the protection checked, the logger made, the
 * plugins loaded, the driver opened (or none), the migrator created and always closed. Commands
 * receive a Session; everything it knows about settings comes from the target, which the
 * resolver made (settings/resolve.ts).
 */
import { type Driver, type Migrator, createMigrator } from '@godwit/core';
import type { SettingsFiles } from '../config/files.js';
import { logEvent } from '../logging/event-log.js';
import { type CliLogger, createLogger, logFormatOf, logLevelOf } from '../logging/logger.js';
import { createProgress } from '../logging/progress.js';
import type { Io } from '../output/io.js';
import { backupPluginFor } from '../plugins/backup.js';
import { loadConfigPlugins } from '../plugins/config-plugins.js';
import { openMetrics } from '../plugins/metrics.js';
import { DEFAULT_DATABASE } from '../settings/one-target.js';
import type { GlobalOptions } from '../settings/options.js';
import { pathForTools } from '../settings/paths.js';
import type { Target } from '../settings/target.js';
import { openDriver } from './driver.js';
import { noDatabase } from './no-database.js';
import { requireConfirmation } from './protect.js';
import { type CliSource, createCliSource } from './source.js';

/** What a command runs with: where it writes, its environment (./.env included) and its working folder. */
export interface CommandEnv {
  io: Io;
  env: NodeJS.ProcessEnv;
  /** relative paths (options, config) are relative to this folder, whatever process.cwd() is */
  cwd: string;
  /** where settings are read from (the config file, the project's folders); default the disk */
  files?: SettingsFiles;
}

export interface SessionSpec {
  /** the command's name, for messages */
  command: string;
  /** rolls back or rewrites state: a protected environment asks for --yes */
  destructive?: boolean;
}

export interface Session {
  io: Io;
  target: Target;
  logger: CliLogger;
  source: CliSource;
  migrator: Migrator;
  /** the migrator's driver (a stand-in without a database), for what only the driver knows (validate's setup checks) */
  driver: Driver;
  /** whether a real database is attached (false: files only) */
  hasDatabase: boolean;
}

export async function withSession<T>(
  cmdEnv: CommandEnv,
  options: GlobalOptions,
  target: Target,
  spec: SessionSpec,
  body: (session: Session) => Promise<T>,
): Promise<T> {
  const { io, env, cwd } = cmdEnv;
  const db = target.database;
  if (spec.destructive && !target.run.dryRun) requireConfirmation({ protectedEnv: target.protectedEnv, yes: options.yes, what: spec.command });

  const level = logLevelOf(options);
  const logFormat = logFormatOf(options);
  const logger = createLogger({
    io,
    level,
    ...(logFormat && { pretty: logFormat === 'pretty' }),
    ...(db && { target: db.redacted }),
    ...(target.id !== undefined && { id: target.id }),
  });
  const eventLog = { stepLines: logFormat === 'json' || level === 'debug' || target.id !== undefined };
  if (target.databaseOrigin === 'default') io.err(`godwit: no --database or DATABASE_URL; using ${DEFAULT_DATABASE}\n`);
  if (db) logger.debug({ origin: target.databaseOrigin, driver: db.kind }, `database from ${target.databaseOrigin}`);

  // Every plugin before the driver opens: a bad --metrics-push URL or a config plugin that cannot
  // be loaded is reported with nothing to close. Backup first: a failed backup stops the run
  // before anything else happens.
  const metrics = await openMetrics(options, db, target.id, cwd);
  const backup = await backupPluginFor(target, options, env, cwd);
  const configured = db && target.plugins ? await loadConfigPlugins(target.plugins, cwd) : [];
  const driver = db
    ? await openDriver(db, {
        table: target.table,
        ...(target.sqliteFile && { sqliteFile: pathForTools(target.sqliteFile) }),
        ...(target.run.timeoutMs !== undefined && { timeoutMs: target.run.timeoutMs }),
        singleTransaction: target.singleTransaction,
        ...(target.role !== undefined && { role: target.role }),
        ...(target.lockTtlMs !== undefined && { lockTtlMs: target.lockTtlMs }),
        ...(target.schema !== undefined && { schema: target.schema }),
      })
    : noDatabase;
  const source = createCliSource(pathForTools(target.dir), env);
  // One progress line per terminal: a project's databases (an id) keep to their prefixed log lines.
  const progress =
    options.json || level === 'warn' || target.id !== undefined
      ? undefined
      : createProgress({ stream: { write: (t) => io.err(t), isTTY: io.stderrIsTty, columns: process.stderr.columns }, label: source.label });
  const migrator = createMigrator({
    driver,
    source,
    // Core never logs; this logger is for plugins, which log what is theirs to say.
    logger,
    plugins: [...(backup ? [backup] : []), ...(metrics ? [metrics.plugin] : []), ...configured],
    onEvent: (event) => {
      progress?.onEvent(event);
      logEvent(logger, source.label, event, eventLog);
      progress?.render();
      metrics?.onEvent(event);
    },
    defaults: target.run,
    // Record the schema after each run that changed it, for `godwit drift` (issue 15).
    schemaSnapshots: true,
  });
  try {
    return await body({ io, target, logger, source, migrator, driver, hasDatabase: db !== undefined });
  } finally {
    progress?.stop();
    if (metrics) await metrics.finish(migrator, db !== undefined, logger);
    try {
      await migrator.close();
    } catch (e) {
      logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'could not close the database connection');
    }
  }
}
