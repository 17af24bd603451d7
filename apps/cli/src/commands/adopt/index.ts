/**
 * `godwit adopt`: switching from goose or golang-migrate. Records every version the peer's table
 * says it applied (its table is left as it was, so the team can go back), so the next `up`
 * applies only the rest. The logic is core's (migrator.adopt); this words the result.
 */
import { type AdoptResult, GodwitError } from '@godwit/core';
import { type Command, Option } from 'commander';
import { type CliContext, optionsOf, parseArgument, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';

interface AdoptFlags {
  from?: 'goose' | 'golang-migrate';
  fromTable?: string;
}

export function registerAdopt(program: Command, ctx: CliContext): void {
  const command = program
    .command('adopt')
    .description("record the versions goose or golang-migrate applied (from its own table), so up applies only the rest")
    .addOption(new Option('--from <tool>', 'whose table to read (default: whichever of goose_db_version and schema_migrations exists)').choices(['goose', 'golang-migrate']))
    .option('--from-table <name>', "the peer's table when it has another name (goose -table, golang-migrate x-migrations-table)");
  withExamples(command, [
    'godwit adopt --dry-run',
    'godwit adopt --database postgres://app@localhost/app --dir migrations',
    'godwit adopt --from goose --from-table ops.goose_versions',
  ]);
  command.action(async (flags: AdoptFlags, cmd: Command) => {
    const options = optionsOf(cmd);
    const ok = parseArgument(ctx, cmd, () => {
      if (flags.fromTable !== undefined && flags.fromTable.trim() === '') {
        throw new GodwitError('USAGE', '--from-table needs a table name', { hint: 'e.g. --from-table goose_db_version' });
      }
      return true;
    });
    if (!ok) return;
    const code = await execute(ctx, options, { command: 'adopt', need: 'required' }, async ({ migrator }) => {
      const result = await migrator.adopt({
        ...(flags.from !== undefined && { from: flags.from }),
        ...(flags.fromTable !== undefined && { fromTable: flags.fromTable.trim() }),
      });
      return { ok: true, json: { ...result }, text: adoptText(result) };
    });
    ctx.setExitCode(code);
  });
}

function adoptText(r: AdoptResult): string {
  const peer = `${r.from}'s ${r.table}`;
  if (r.versions.length === 0 && r.removed.length === 0) return `${peer} lists no applied version: nothing to adopt\n`;
  const lines: string[] = [];
  if (r.dryRun) lines.push(`would record ${count(r.recorded)} from ${peer}${span(r.recorded)} (dry run: nothing written)`);
  else if (r.recorded.length === 0 && r.removed.length === 0) lines.push(`already adopted from ${peer}: nothing changed`);
  else lines.push(`adopted from ${peer}: recorded ${count(r.recorded)}${span(r.recorded)}; ${r.table} is left as it was`);
  if (r.removed.length) lines.push(`removed ${count(r.removed)} ${r.from} rolled back since: ${r.removed.join(', ')}`);
  if (r.missing.length) {
    lines.push(`missing: ${r.missing.join(', ')} (applied by ${r.from}, no file here): restore the file(s) and run godwit adopt again`);
  }
  if (r.dryRun) lines.push('run godwit adopt (or godwit up) to record it');
  else if (r.missing.length === 0) lines.push('godwit up applies the rest');
  return `${lines.join('\n')}\n`;
}

function count(versions: readonly number[]): string {
  return `${versions.length} version${versions.length === 1 ? '' : 's'}`;
}

/** ` (1 to 40)`: the whole list is in --json. */
function span(versions: readonly number[]): string {
  if (versions.length === 0) return '';
  if (versions.length <= 3) return ` (${versions.join(', ')})`;
  return ` (${versions[0]} to ${versions.at(-1)})`;
}
