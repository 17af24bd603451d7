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

  const settings = resolveSettings({ options, env: cmdEnv.env, cwd: cmdEnv.cwd, need: spec.need });
  const db = settings.database;
  if (db) for (const s of secretsOf(db.url)) io.addSecret(s);
  if (spec.destructive && !settings.run.dryRun) requireConfirmation(settings, options, spec.command);

  const logger = createLogger({ io, level: settings.level, ...(db && { target: db.redacted }) });
  if (settings.databaseOrigin === 'default') io.err(`godwit: no --database or DATABASE_URL; using ${DEFAULT_DATABASE}\n`);
  if (db) logger.debug({ origin: settings.databaseOrigin, driver: db.kind }, `database from ${settings.databaseOrigin}`);

  const driver = db
    ? await openDriver(db, {
        ...(settings.table !== undefined && { table: settings.table }),
        ...(settings.run.timeoutMs !== undefined && { timeoutMs: settings.run.timeoutMs }),
        singleTransaction: settings.singleTransaction,
        ...(settings.lockTtlMs !== undefined && { lockTtlMs: settings.lockTtlMs }),
      })
    : noDatabase;
  const source = createCliSource(settings.dir);
  const migrator = createMigrator({
    driver,
    source,
    logger: coreLogger(logger),
    onEvent: (event) => logEvent(logger, source.label, event),
    defaults: settings.run,
  });
  try {
    return await body({ io, settings, logger, source, migrator, hasDatabase: db !== undefined });
  } finally {
    try {
      await migrator.close();
    } catch (e) {
      logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'could not close the database connection');
    }
  }
}
