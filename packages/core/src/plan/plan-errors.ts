/**
 * The planner's errors, built in one place so `plan` (which throws them) and `validate` (which
 * lists them as problems) word them identically. Each says what is wrong, which version and file,
 * and in `hint` the command that recovers from it.
 */
import type { AppliedRecord } from '../driver/contract.js';
import { GodwitError } from '../errors.js';
import type { MigrationInfo } from './contract.js';

/** `00003_add_email.sql` when the file is known, else `version 3 (add_email)`. */
function label(version: number, name: string, file: string | undefined): string {
  return file ?? `version ${version}${name ? ` (${name})` : ''}`;
}

export function dirtyError(record: AppliedRecord, file: MigrationInfo | undefined, previous: number, others: number[]): GodwitError {
  const v = record.version;
  const also = others.length ? ` (also dirty: ${others.join(', ')})` : '';
  return new GodwitError(
    'DIRTY',
    // With the file known, toString() already starts with it: name the migration only.
    `database is dirty at version ${v} (${file ? record.name : label(v, record.name, undefined)}): a migration stopped part-way${also}`,
    {
      version: v,
      ...(file && { file: file.file }),
      hint: `${progressOf(record)}inspect the database; if ${v} completed run \`godwit force ${v}\`, if it did not, undo what it did and run \`godwit force ${previous}\`; if it failed on a cause you have fixed, \`godwit up --resume\` continues it at statement ${(record.statementsDone ?? 0) + 1}`,
      data: { versions: [v, ...others] },
    },
  );
}

/** What the store knows of how far the failed step got, as the start of a hint. */
function progressOf(record: AppliedRecord): string {
  const done = record.statementsDone;
  return done ? `statements 1-${done} completed and ${done + 1} failed or was interrupted; ` : '';
}

export function missingFileError(record: AppliedRecord, previous: number): GodwitError {
  const v = record.version;
  return new GodwitError('MISSING_FILE', `version ${v} (${record.name}) is applied but its migration file is missing`, {
    version: v,
    hint: `restore the file (e.g. from version control); if it was removed on purpose and its change undone, \`godwit force ${previous}\` rewrites the records (forgetting versions above ${previous})`,
  });
}

export function checksumError(m: MigrationInfo, record: AppliedRecord): GodwitError {
  return new GodwitError('CHECKSUM_MISMATCH', `edited after it was applied as version ${m.version} (checksum differs)`, {
    version: m.version,
    file: m.file,
    hint: 'revert the edit (e.g. `git checkout -- <file>`) and put the change in a new migration (`godwit create <name>`)',
    data: { recorded: record.checksum, actual: m.checksum },
  });
}

export function outOfOrderError(files: readonly MigrationInfo[], current: number): GodwitError {
  const first = files[0]!;
  const what =
    files.length === 1
      ? `version ${first.version} is pending but below the current version ${current}`
      : `${files.length} pending migrations are below the current version ${current}: ${files.map((m) => m.file).join(', ')}`;
  return new GodwitError('OUT_OF_ORDER', what, {
    version: first.version,
    file: first.file,
    hint: `renumber ${files.length === 1 ? 'it' : 'them'} above ${current}, or rerun with --allow-missing to apply ${files.length === 1 ? 'it' : 'them'} anyway`,
    data: { files: files.map((m) => m.file), versions: files.map((m) => m.version) },
  });
}

export function unsupportedError(m: MigrationInfo): GodwitError {
  return new GodwitError('UNSUPPORTED_MIGRATION', `${m.file} is another tool's code migration; godwit cannot run it`, {
    version: m.version,
    file: m.file,
    hint: 'apply it with its own tool (e.g. goose), then rerun with --skip-unsupported to record it as skipped',
  });
}

/**
 * `previous` is the applied version below the migration. `direct` is true when the migration is
 * the latest applied (plain `down`), where `force previous` is exactly right; for `down-to` the
 * user must first roll back to it.
 */
export function irreversibleError(m: MigrationInfo, previous: number, direct: boolean): GodwitError {
  const undoneByHand = direct
    ? `\`godwit force ${previous}\``
    : `\`godwit down-to ${m.version}\` then \`godwit force ${previous}\``;
  if (m.format === 'unsupported') {
    return new GodwitError('IRREVERSIBLE', `cannot roll back ${m.file} (version ${m.version}): godwit did not run it`, {
      version: m.version,
      file: m.file,
      hint: `roll it back with its own tool, then record that with ${undoneByHand} (or rerun with --allow-irreversible to record it rolled back)`,
    });
  }
  return new GodwitError('IRREVERSIBLE', `cannot roll back ${m.file} (version ${m.version}): it has no down migration`, {
    version: m.version,
    file: m.file,
    hint: `${writeDownHint(m)}, or if its change is already undone by hand run ${undoneByHand}; --allow-irreversible records it as rolled back without running anything`,
  });
}

function writeDownHint(m: MigrationInfo): string {
  if (m.format === 'goose') return `add a \`-- +goose Down\` section to ${m.file}`;
  const down = m.file.replace(/\.up\.(sql|json|js)$/i, '.down.$1');
  return down !== m.file ? `write ${down}` : 'write a down migration for it';
}

export function unknownVersionError(
  command: string,
  version: number,
  known: readonly number[],
  what: 'file' | 'applied',
): GodwitError {
  const below = known.filter((v) => v < version).at(-1);
  const above = known.find((v) => v > version);
  const near = [below, above].filter((v): v is number => v !== undefined);
  const nearest = near.length ? ` (nearest: ${near.join(', ')})` : what === 'file' ? ' (there are no migration files)' : ' (nothing is applied)';
  const message =
    what === 'file'
      ? `${command} ${version}: no migration file has version ${version}${nearest}`
      : `${command} ${version}: version ${version} is not applied${nearest}`;
  return new GodwitError('UNKNOWN_VERSION', message, {
    version,
    hint:
      what === 'file'
        ? 'give the version of an existing migration file; `godwit status` lists them'
        : 'give 0 to roll back everything, or an applied version; `godwit status` lists them',
  });
}
