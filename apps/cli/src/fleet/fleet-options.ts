/** The options of `godwit fleet <command>`: where the targets come from and how the run is paced. */
import { type Command, InvalidArgumentError } from 'commander';
import type { GlobalOptions } from '../settings/options.js';
import { DEFAULT_MAX_THREADS } from './fleet-threads.js';

export interface FleetOptions extends GlobalOptions {
  /** a fleet of the config file (`fleets.<name>`) */
  fleet?: string;
  /** a targets file: one URL per line */
  targets?: string;
  targetsQuery?: string;
  schemas?: string;
  concurrency?: number;
  failFast?: boolean;
  shard?: string;
  shardCount?: string;
  /** SQLite targets: how many worker threads run them (fleet-threads.ts) */
  threads?: number;
  /** only on `fleet up` */
  waves?: string;
}

export const DEFAULT_FLEET_CONCURRENCY = 4;

function wholeNumber(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number of ${min} or more`);
    return n;
  };
}

export function addFleetOptions(command: Command): Command {
  return command
    .option('--fleet <name>', 'a fleet of the config file (fleets.<name>: its folder and targets)')
    .option('--targets <file>', 'the targets: a file with one database URL per line ("ID URL" also; # comments; ${VAR} from the environment)')
    .option('--targets-query <sql>', 'the targets: a query on --database (the control database) returning one URL or schema name per row')
    .option('--schemas <pattern>', "PostgreSQL: every schema of --database matching this LIKE pattern (e.g. 'tenant_%') is a target, with its own store inside it")
    .option('--concurrency <n>', `how many targets at once, one connection each (default: ${DEFAULT_FLEET_CONCURRENCY})`, wholeNumber(1))
    .option('--threads <n>', `SQLite targets: how many worker threads run them, so one target's disk writes do not wait for another's (default for up and rehearse: the concurrency, at most ${DEFAULT_MAX_THREADS}, none for a few targets; for the read-only commands: none); ~15-20 MB each`, wholeNumber(0))
    .option('--fail-fast', 'after a target fails, start no other (default: the others still run)')
    .option('--shard <i/n>', 'only the targets of shard i of n (by a stable hash of the target id), e.g. 0/4')
    .option('--shard-count <n>', 'shard by JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) into n shards; also $GODWIT_SHARD_COUNT');
}
