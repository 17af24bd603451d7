/**
 * ENVSUB: `${VAR}` and `${VAR:-default}` substitution in the lines a file switched it on for
 * (`-- +goose ENVSUB ON` ... `OFF`). Applied when a migration is loaded, with an injected env
 * record, so listing migrations and computing checksums never depend on the environment.
 * A bare `$VAR` is left alone: `$1` and `$$` are SQL.
 */
import { GodwitError } from '../errors.js';
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}\n]*))?\}/g;
/**
 * Substitutes every reference in `text`, which starts at line `line` of `file`. An unset
 * variable without a default is an error naming it and its place.
 */
export function substituteEnv(text, env, file, line = 1) {
    return text
        .split('\n')
        .map((lineText, i) => substituteLine(lineText, env, file, line + i))
        .join('\n');
}
function substituteLine(text, env, file, line) {
    return text.replace(REFERENCE, (_match, name, fallback, offset) => {
        const value = env[name];
        // Like the shell's `:-`, an empty value also takes the default.
        if (fallback !== undefined)
            return value === undefined || value === '' ? fallback : value;
        if (value === undefined) {
            throw new GodwitError('ENVSUB_UNSET', `environment variable ${name} is not set (ENVSUB is on)`, {
                file,
                line,
                column: offset + 1,
                hint: `export ${name}=... before running, or write \${${name}:-default}`,
            });
        }
        return value;
    });
}
/** A copy of `part` with substitution applied to the lines inside `regions` (none: the same part). */
export function applyEnvsub(part, regions, env) {
    if (regions.length === 0)
        return part;
    const inRegion = (line) => regions.some((r) => line >= r.from && line <= r.to);
    const chunks = part.chunks.map((chunk) => {
        const lines = chunk.text.split('\n');
        let changed = false;
        const out = lines.map((text, i) => {
            const lineNo = chunk.line + i;
            if (!inRegion(lineNo))
                return text;
            const replaced = substituteLine(text, env, part.file, lineNo);
            if (replaced !== text)
                changed = true;
            return replaced;
        });
        return changed ? { ...chunk, text: out.join('\n') } : chunk;
    });
    return { ...part, chunks };
}
