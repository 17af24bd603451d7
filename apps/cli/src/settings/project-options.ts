/** The options of the commands that work across every database of a project. */
import { type Command, InvalidArgumentError } from 'commander';
import { GodwitError } from '@godwit/core';
import type { GlobalOptions } from './options.js';

export interface ProjectOptions extends GlobalOptions {
  all?: boolean;
  only?: string[];
  except?: string[];
  strict?: boolean;
  concurrency?: number;
  continueOnError?: boolean;
  seed?: boolean;
}

const ids = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
];

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

/** --only, --except, --strict, --concurrency: what selects and paces the databases. */
export function addProjectOptions(command: Command): Command {
  return command
    .option('--only <ids>', 'only these databases (comma-separated ids, e.g. postgres-product,mongo-analytics)', ids)
    .option('--except <ids>', 'every database but these (comma-separated ids)', ids)
    .option('--strict', 'a folder under migrations/ that is not <driver>-<name> is an error, not a warning')
    .option('--concurrency <n>', 'how many databases at once (default: 1, in id order)', positive);
}

/** Whether any of the options that only make sense with --all was given (status, validate). */
export function wantsAll(options: ProjectOptions): boolean {
  return options.all === true || options.only !== undefined || options.except !== undefined || options.strict === true || options.concurrency !== undefined;
}

/** --only, --except, --strict and --concurrency without --all would be silently ignored: refuse them. */
export function requireAll(options: ProjectOptions, command: string): void {
  if (options.all) return;
  const given = (['only', 'except', 'strict', 'concurrency'] as const).filter((k) => options[k] !== undefined);
  throw new GodwitError('USAGE', `--${given[0]} needs --all`, { hint: `godwit ${command} --all --${given[0]} ...` });
}
