/**
 * Turns one version's files into a Migration: reads and parses them (once), computes the
 * checksum of the up part, and gives `load()` the parsed parts with ENVSUB applied.
 */
import { GodwitError } from '../errors.js';
import { checksumOf } from './checksum.js';
import { applyEnvsub } from './envsub.js';
import { parseGooseFile } from './goose-parser.js';
import { parseJsonCommands } from './json-parser.js';
import { parsePairFile } from './pair-parser.js';
export async function buildMigration(group, fs, env) {
    const { version, name, main, down } = group;
    const upText = await read(fs, main.path);
    const downText = down ? await read(fs, down.path) : undefined;
    const base = { version, name, format: main.format, file: main.path, ...(down && { downFile: down.path }) };
    switch (main.format) {
        case 'goose': {
            const parsed = parseGooseFile(upText, main.path);
            return {
                ...base,
                checksum: checksumOf(parsed.upText),
                transactional: !parsed.noTransaction,
                reversible: parsed.down !== undefined,
                load: async () => ({
                    up: applyEnvsub(parsed.up, parsed.envsub, env()),
                    ...(parsed.down && { down: applyEnvsub(parsed.down, parsed.envsub, env()) }),
                }),
            };
        }
        case 'pair': {
            const up = parsePairFile(upText, main.path);
            const dn = downText !== undefined && down ? parsePairFile(downText, down.path) : undefined;
            return {
                ...base,
                checksum: checksumOf(upText),
                transactional: !up.noTransaction,
                reversible: dn !== undefined,
                load: async () => ({
                    up: applyEnvsub(up.part, up.envsub, env()),
                    ...(dn && { down: applyEnvsub(dn.part, dn.envsub, env()) }),
                }),
            };
        }
        case 'json': {
            const up = parseJsonCommands(upText, main.path);
            const dn = downText !== undefined && down ? parseJsonCommands(downText, down.path) : undefined;
            const loaded = { up, ...(dn && { down: dn }) };
            return {
                ...base,
                checksum: checksumOf(upText),
                // MongoDB commands run outside a transaction: the store marks them dirty while they run.
                transactional: false,
                reversible: dn !== undefined,
                load: async () => loaded,
            };
        }
        case 'unsupported':
            return {
                ...base,
                checksum: checksumOf(upText),
                transactional: false,
                reversible: false,
                load: async () => {
                    throw new GodwitError('UNSUPPORTED_MIGRATION', `${main.fileName} is a code migration of another tool; godwit cannot run it`, {
                        file: main.path,
                        version,
                        hint: 'apply it with its own tool (e.g. goose), then rerun with --skip-unsupported to record it as skipped',
                    });
                },
            };
    }
}
async function read(fs, path) {
    try {
        return await fs.readFile(path);
    }
    catch (e) {
        const reason = e.code ?? (e instanceof Error ? e.message : String(e));
        throw new GodwitError('SOURCE_NOT_FOUND', `cannot read ${path}: ${reason}`, {
            file: path,
            hint: 'check the file is readable by this user',
            cause: e,
        });
    }
}
