/**
 * pino on stderr: pretty (pino-pretty) when stderr is a terminal, JSON lines otherwise. Writes
 * are synchronous through the Io, so every line is redacted and nothing is lost when the
 * process exits. Every line carries the redacted database target as `db`.
 *
 * pino is loaded on the first line that is actually written, not at start-up: a quiet `status`
 * logs nothing and should not pay for it (start-up time is a feature of a CLI). Both pino and
 * pino-pretty are CommonJS, so they load synchronously inside the log call.
 */
import { createRequire } from 'node:module';
import type { Logger } from '@godwit/core';
import type { Io } from '../output/io.js';

export type CliLogger = Logger;
type Level = keyof Logger;
/** the lowest level written: `info`, `debug` with -v, `warn` with -q */
export type LogLevel = 'debug' | 'info' | 'warn';

export interface LoggerOptions {
  io: Io;
  level: LogLevel;
  /** redacted database target, bound to every line */
  target?: string;
  /** the database's id in a multi-database project, bound to every line */
  id?: string;
  pretty?: boolean;
}

export function logLevelOf(options: { verbose?: boolean; quiet?: boolean }): LogLevel {
  return options.verbose ? 'debug' : options.quiet ? 'warn' : 'info';
}

/** `--log-format`: pretty or JSON lines whatever stderr is; undefined: pretty on a terminal, JSON lines otherwise. */
export function logFormatOf(options: { logFormat?: string }): 'pretty' | 'json' | undefined {
  return options.logFormat === 'pretty' || options.logFormat === 'json' ? options.logFormat : undefined;
}

const RANK: Record<Level, number> = { debug: 20, info: 30, warn: 40, error: 50 };
const require = createRequire(import.meta.url);

export function createLogger(options: LoggerOptions): CliLogger {
  let pinoLogger: Logger | undefined;
  const write =
    (level: Level) =>
    (obj: object, msg?: string): void => {
      if (RANK[level] < RANK[options.level]) return;
      pinoLogger ??= createPino(options);
      pinoLogger[level](obj, msg);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function createPino({ io, level, target, id, pretty = io.stderrIsTty }: LoggerOptions): Logger {
  const { pino } = require('pino') as typeof import('pino');
  const format = pretty ? prettyFormatter() : (line: string) => line;
  return pino(
    {
      level,
      base: { ...(id !== undefined && { database: id }), ...(target !== undefined && { db: target }) },
      formatters: { level: (label) => ({ level: label }) },
    },
    { write: (line: string) => io.err(format(line)) },
  );
}

function prettyFormatter(): (line: string) => string {
  const { prettyFactory } = require('pino-pretty') as typeof import('pino-pretty');
  const prettify = prettyFactory({
    // https://no-color.org
    colorize: process.env.NO_COLOR === undefined || process.env.NO_COLOR === '',
    translateTime: 'HH:MM:ss.l',
    // `name` is a migration's name in our events, not a logger name
    ignore: 'pid,hostname,db,database,name',
    hideObject: true,
    messageFormat: (log, messageKey) => `${log.database || log.db ? `[${String(log.database ?? log.db)}] ` : ''}${String(log[messageKey] ?? '')}`,
    // our level formatter writes labels, not numbers
    customLevels: 'debug:20,info:30,warn:40,error:50',
  });
  return (line) => prettify(line);
}
