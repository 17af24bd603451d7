/**
 * `godwit diff A B`: compare the schemas of two live databases of the same kind (staging and
 * production). Each side is a URL, or the name of an environment in the config file. Exit 0 when
 * they are equal, 1 with the differences (from A to B). Read-only: no lock, nothing written.
 */
import type { Command } from 'commander';
import { diffSnapshots, GodwitError, isSchemeUrl, type SchemaSnapshot } from '@godwit/core';
import { type CliContext, optionsOf, withExamples } from '../shared/command-kit.js';
import { failedOutcome, type Outcome, report } from '../../output/outcome.js';
import type { GlobalOptions } from '../../settings/options.js';
import { withSession } from '../../session/session.js';
import { targetsFor } from '../shared/targets.js';
import { changesJson, changesText, plural } from './changes.js';

export function registerDiff(program: Command, ctx: CliContext): void {
  const command = program
    .command('diff')
    .description('compare the schemas of two databases of the same kind (exit 1 when they differ)')
    .argument('<a>', 'a database URL, or an environment of the config file (--env)')
    .argument('<b>', 'the database to compare it with, the same way');
  withExamples(command, [
    'godwit diff postgres://app@staging/app postgres://app@prod/app',
    'godwit diff staging production        # environments of godwit.config.json',
    'godwit diff sqlite:./a.db sqlite:./b.db --json',
  ]);
  command.action(async (a: string, b: string, _flags: unknown, cmd: Command) => {
    const options = optionsOf(cmd);
    let outcome: Outcome;
    try {
      const [left, right] = await Promise.all([inspectSide(ctx, options, a), inspectSide(ctx, options, b)]);
      outcome = compare(left, right);
    } catch (e) {
      outcome = failedOutcome(e);
    }
    ctx.setExitCode(report(ctx, options.json === true, outcome));
  });
}

interface Side {
  target: string;
  snapshot: SchemaSnapshot;
}

/** One side's snapshot, through the same resolution (and redaction) as every other command. */
async function inspectSide(ctx: CliContext, options: GlobalOptions, given: string): Promise<Side> {
  const asUrl = isSchemeUrl(given) || /^(sqlite|file):/.test(given) || /\.(db|sqlite3?)$/.test(given);
  const sideOptions: GlobalOptions = asUrl ? { ...options, database: given } : { ...options, env: given, database: undefined };
  const { targets } = await targetsFor(ctx, sideOptions, { kind: 'one', need: 'required' });
  return withSession(ctx, sideOptions, targets[0]!, { command: 'diff' }, async ({ driver }) => {
    if (!driver.inspect) {
      throw new GodwitError('USAGE', `the ${driver.name} driver cannot inspect its schema`, { hint: 'diff compares PostgreSQL, SQLite or MongoDB databases' });
    }
    return { target: driver.target, snapshot: await driver.inspect() };
  });
}

function compare(a: Side, b: Side): Outcome {
  const changes = diffSnapshots(a.snapshot, b.snapshot);
  const json = { equal: changes.length === 0, a: a.target, b: b.target, changes: changesJson(changes) };
  if (changes.length === 0) return { ok: true, json, text: `the schemas are equal (${plural(a.snapshot.objects.length, 'object')})\n` };
  return {
    ok: false,
    json,
    text: `--- ${a.target}\n+++ ${b.target}\n${changesText(changes, '')}`,
    errors: [new GodwitError('VALIDATION_FAILED', `the schemas differ: ${plural(changes.length, 'change')} from ${a.target} to ${b.target}`)],
  };
}
