import { GodwitError } from '../errors.js';
/** `00003_add_email.sql` when the file is known, else `version 3 (add_email)`. */
function label(version, name, file) {
    return file ?? `version ${version}${name ? ` (${name})` : ''}`;
}
export function dirtyError(record, file, previous, others) {
    const v = record.version;
    const also = others.length ? ` (also dirty: ${others.join(', ')})` : '';
    return new GodwitError('DIRTY', `database is dirty at version ${v} (${label(v, record.name, file?.file)}): a migration stopped part-way${also}`, {
        version: v,
        ...(file && { file: file.file }),
        hint: `inspect the database; if ${v} completed run \`godwit force ${v}\`, if it did not, undo what it did and run \`godwit force ${previous}\``,
        data: { versions: [v, ...others] },
    });
}
export function missingFileError(record, previous) {
    const v = record.version;
    return new GodwitError('MISSING_FILE', `version ${v} (${record.name}) is applied but its migration file is missing`, {
        version: v,
        hint: `restore the file (e.g. from version control); if it was removed on purpose and its change undone, \`godwit force ${previous}\` rewrites the records (forgetting versions above ${previous})`,
    });
}
export function checksumError(m, record) {
    return new GodwitError('CHECKSUM_MISMATCH', `${m.file} was edited after it was applied as version ${m.version} (checksum differs)`, {
        version: m.version,
        file: m.file,
        hint: 'revert the edit (e.g. `git checkout -- <file>`) and put the change in a new migration (`godwit create <name>`)',
        data: { recorded: record.checksum, actual: m.checksum },
    });
}
export function outOfOrderError(files, current) {
    const first = files[0];
    const what = files.length === 1
        ? `${first.file} (version ${first.version}) is pending but below the current version ${current}`
        : `${files.length} pending migrations are below the current version ${current}: ${files.map((m) => m.file).join(', ')}`;
    return new GodwitError('OUT_OF_ORDER', what, {
        version: first.version,
        file: first.file,
        hint: `renumber ${files.length === 1 ? 'it' : 'them'} above ${current}, or rerun with --allow-missing to apply ${files.length === 1 ? 'it' : 'them'} anyway`,
        data: { files: files.map((m) => m.file), versions: files.map((m) => m.version) },
    });
}
export function unsupportedError(m) {
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
export function irreversibleError(m, previous, direct) {
    const undoneByHand = direct
        ? `\`godwit force ${previous}\``
        : `\`godwit down-to ${m.version}\` then \`godwit force ${previous}\``;
    if (m.format === 'unsupported') {
        return new GodwitError('IRREVERSIBLE', `cannot roll back ${m.file} (version ${m.version}): godwit did not run it`, {
            version: m.version,
            file: m.file,
            hint: `roll it back with its own tool, then record that with ${undoneByHand}`,
        });
    }
    return new GodwitError('IRREVERSIBLE', `cannot roll back ${m.file} (version ${m.version}): it has no down migration`, {
        version: m.version,
        file: m.file,
        hint: `${writeDownHint(m)}, or if its change is already undone by hand run ${undoneByHand}`,
    });
}
function writeDownHint(m) {
    if (m.format === 'goose')
        return `add a \`-- +goose Down\` section to ${m.file}`;
    const down = m.file.replace(/\.up\.(sql|json|js)$/i, '.down.$1');
    return down !== m.file ? `write ${down}` : 'write a down migration for it';
}
export function unknownVersionError(command, version, known, what) {
    const below = known.filter((v) => v < version).at(-1);
    const above = known.find((v) => v > version);
    const near = [below, above].filter((v) => v !== undefined);
    const nearest = near.length ? ` (nearest: ${near.join(', ')})` : what === 'file' ? ' (there are no migration files)' : ' (nothing is applied)';
    const message = what === 'file'
        ? `${command} ${version}: no migration file has version ${version}${nearest}`
        : `${command} ${version}: version ${version} is not applied${nearest}`;
    return new GodwitError('UNKNOWN_VERSION', message, {
        version,
        hint: what === 'file'
            ? 'give the version of an existing migration file; `godwit status` lists them'
            : 'give 0 to roll back everything, or an applied version; `godwit status` lists them',
    });
}
