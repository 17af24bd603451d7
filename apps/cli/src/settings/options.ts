/**
 * The options every command accepts. They are declared once on the program; commander
 * recognises program options after the subcommand too, and each command reads them with
 * `optsWithGlobals()`.
 */
import { type Command, Option } from 'commander';

export interface GlobalOptions {
  database?: string;
  driver?: string;
  dir?: string;
  table?: string;
  config?: string;
  env?: string;
  json?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  logFormat?: 'pretty' | 'json';
  timeout?: string;
  lockTimeout: string;
  statementTimeout?: string;
  lockTtl?: string;
  dryRun?: boolean;
  allowMissing?: boolean;
  skipUnsupported?: boolean;
  /** Pushgateway base URL */
  metricsPush?: string;
  /** node_exporter textfile path */
  metricsFile?: string;
  /** only on commands that declare it */
  yes?: boolean;
  singleTransaction?: boolean;
  /** PostgreSQL: the role the migrations run as (SET ROLE) */
  role?: string;
  /** only on the up commands */
  resume?: boolean;
  /** only on the up commands: apply the expand or the contract part of the pending migrations */
  phase?: 'expand' | 'contract';
  /** only on the commands that roll back */
  allowIrreversible?: boolean;
  /** only on the migrating commands (commands/backup/options.ts) */
  backup?: boolean;
  backupDir?: string;
}

export const DEFAULT_LOCK_TIMEOUT = '60s';

export function addGlobalOptions(program: Command): Command {
  return program
    .option('--database <url>', 'database URL (default: $DATABASE_URL, then the config, then sqlite:./dev.db)')
    .addOption(new Option('--driver <name>', 'postgres | sqlite | mongodb (default: inferred from the URL)'))
    .option('-d, --dir <path>', 'migrations folder (default: ./migrations)')
    .option('--table <name>', 'version table (default: godwit_migrations)')
    .option('--config <file>', 'config file (default: ./godwit.config.json, .yaml, .yml or .mjs when present)')
    .option('--env <name>', 'environment from the config file')
    .option('--json', 'print one JSON document on stdout')
    .addOption(new Option('-v, --verbose', 'debug logs on stderr').conflicts('quiet'))
    .option('-q, --quiet', 'only warnings and errors on stderr')
    .addOption(
      new Option('--log-format <format>', 'stderr logs as pretty lines or JSON lines, each step included (default: pretty on a terminal, JSON lines otherwise)').choices([
        'pretty',
        'json',
      ]),
    )
    .option('--timeout <duration>', 'limit for the whole run, e.g. 5m (default: none)')
    .option('--lock-timeout <duration>', 'how long to wait for another runner', DEFAULT_LOCK_TIMEOUT)
    .option('--statement-timeout <duration>', 'limit for each statement, e.g. 30s (default: none)')
    .option('--lock-ttl <duration>', "SQLite and MongoDB: how long a runner's lock outlives its last refresh, so a crashed runner's lock expires (default: 30s)")
    .option('--dry-run', 'print the plan and every statement; change nothing')
    .option('--allow-missing', 'also apply migrations older than the current version')
    .option('--skip-unsupported', 'record code migrations of other tools (goose .go) as skipped')
    .option('--role <name>', 'PostgreSQL: run the migrations as this role (SET ROLE), so it owns what they create; the login must be a member')
    .option('--metrics-push <url>', 'after the command, push Prometheus metrics to this Pushgateway (job godwit, grouped by database)')
    .option('--metrics-file <path>', "after the command, write Prometheus metrics to this file (node_exporter's textfile collector, *.prom)");
}

/** `--yes`, for commands that roll back or rewrite state on a protected environment. */
export function addYesOption(command: Command): Command {
  return command.option('-y, --yes', 'confirm on a protected environment (see the config file)');
}

/** `--single-transaction`, for commands that apply or roll back migrations. */
export function addSingleTransactionOption(command: Command): Command {
  return command.option('--single-transaction', 'PostgreSQL: run every step in one transaction, all or nothing');
}

/** `--resume`, for the commands that apply: continue a failed migration where it stopped. */
export function addResumeOption(command: Command): Command {
  return command.option(
    '--resume',
    'continue the failed (dirty) migration at the statement that failed, once its cause is fixed; the statements before it are not run again',
  );
}

/** `--phase`, for the commands that apply: one deploy phase of a zero-downtime change. */
export function addPhaseOption(command: Command): Command {
  return command.addOption(
    new Option(
      '--phase <phase>',
      'expand: apply pending migrations up to, not including, the first `-- +godwit PHASE contract` one; contract: apply the rest (after the application was deployed)',
    ).choices(['expand', 'contract']),
  );
}

/** `--allow-irreversible`, for the commands that roll back. */
export function addAllowIrreversibleOption(command: Command): Command {
  return command.option(
    '--allow-irreversible',
    'record migrations without a down part as rolled back, running nothing for them (undo their changes yourself)',
  );
}
