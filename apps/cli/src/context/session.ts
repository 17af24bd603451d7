/**
 * One command's run: settings resolved, secrets registered for redaction, logger made, the
 * driver loaded (or none), the migrator created and always closed. Commands receive a Session
 * and return an Outcome; `execute` prints it and turns it into an exit code.
 */
import { type Migrator, createMigrator } from '@godwit/core';
import type { Io } from '../output/io.js';
import { openDriver } from './driver.js';
import { type CliLogger, createLogger } from './logger.js';
import { coreLogger, logEvent } from './event-log.js';
import { noDatabase } from './no-database.js';
import type { GlobalOptions } from './options.js';
import { secretsOf } from './secrets.js';
import { type DatabaseNeed, DEFAULT_DATABASE, type Settings, resolveSettings } from './settings.js';
import { type CliSource, createCliSource } from './source.js';
import { requireConfirmation } from './protect.js';
import { openMetrics } from './metrics.js';
import { createProgress } from './progress.js';
import { type SessionTarget, withTarget } from '../project/target.js';
import { backupPluginFor } from '../commands/backup/plugin.js';
import { loadConfigPlugins } from './config-plugins.js';

export interface CommandEnv {
  io: Io;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface SessionSpec {
  /** the command's name, for messages */
  command: string;
  need: DatabaseNeed;
  /** rolls back or rewrites state: a protected environment asks for --yes */
  destructive?: boolean;
  /** one database of a multi-database project (migrate-all, --all): replaces the database, folder and table */
  target?: SessionTarget;
}

export interface Session {
  io: Io;
  settings: Settings;
  logger: CliLogger;
  source: CliSource;
  migrator: Migrator;
  /** whether a real database is attached (false: files only) */
  hasDatabase: boolean;
}

export async function withSession<T>(
  cmdEnv: CommandEnv,
  options: GlobalOptions,
  spec: SessionSpec,
  body: (session: Session) => Promise<T>,
): Promise<T> {
  const { io } = cmdEnv;
  // Mask the flag's and the environment's URL even if resolving them fails below.
  for (const url of [options.database, cmdEnv.env.DATABASE_URL]) if (url) for (const s of secretsOf(url)) io.addSecret(s);

  const resolved = await resolveSettings({ options, env: cmdEnv.env, cwd: cmdEnv.cwd, need: spec.target ? 'none' : spec.need });
  const settings = spec.target ? withTarget(resolved, spec.target) : resolved;
  const db = settings.database;
  if (db) for (const s of secretsOf(db.url)) io.addSecret(s);
  if (spec.destructive && !settings.run.dryRun) requireConfirmation(settings, options, spec.command);

  const logger = createLogger({ io, level: settings.level, ...(db && { target: db.redacted }), ...(spec.target && { id: spec.target.id }) });
  if (settings.databaseOrigin === 'default') io.err(`godwit: no --database or DATABASE_URL; using ${DEFAULT_DATABASE}\n`);
  if (db) logger.debug({ origin: settings.databaseOrigin, driver: db.kind }, `database from ${settings.databaseOrigin}`);

  // Before the driver opens: a bad --metrics-push URL is reported with nothing to close.
  const metrics = await openMetrics(options, db, spec.target?.id);
  const driver = db
    ? await openDriver(db, {
        ...(settings.table !== undefined && { table: settings.table }),
        ...(settings.run.timeoutMs !== undefined && { timeoutMs: settings.run.timeoutMs }),
        singleTransaction: settings.singleTransaction,
        ...(settings.lockTtlMs !== undefined && { lockTtlMs: settings.lockTtlMs }),
      })
    : noDatabase;
  const source = createCliSource(settings.dir);
  // One progress line per terminal: multi-database runs (a target) keep to their prefixed log lines.
  const progress =
    settings.json || settings.level === 'warn' || spec.target
      ? undefined
      : createProgress({ stream: { write: (t) => io.err(t), isTTY: io.stderrIsTty, columns: process.stderr.columns }, label: source.label });
  // Backup first among the plugins: a failed backup stops the run before anything else happens.
  const backup = backupPluginFor(settings, options, cmdEnv.env, cmdEnv.cwd);
  const configured = db && settings.plugins ? await loadConfigPlugins(settings.plugins, cmdEnv.cwd) : [];
  const migrator = createMigrator({
    driver,
    source,
    logger: coreLogger(logger),
    plugins: [...(backup ? [backup] : []), ...(metrics ? [metrics.plugin] : []), ...configured],
    onEvent: (event) => {
      progress?.onEvent(event);
      logEvent(logger, source.label, event);
      progress?.render();
      metrics?.onEvent(event);
    },
    defaults: settings.run,
  });
  try {
    return await body({ io, settings, logger, source, migrator, hasDatabase: db !== undefined });
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
