/**
 * Groups a folder's migration files by version: one migration is a goose file, a code file, or an
 * up file with its optional down file. Refuses two migrations with one version (naming both files)
 * and a down file without its up file.
 */
import { join } from 'node:path';
import { GodwitError } from '../errors.js';
import { parseFileName } from './file-name.js';
/**
 * Groups migration files by version and refuses what cannot be one migration: two migrations
 * with the same version (naming both files), or a down file whose up file is missing.
 */
export function groupByVersion(names, folder) {
    const byVersion = new Map();
    for (const name of names) {
        const path = join(folder, name);
        const parsed = parseFileName(name, path);
        if (parsed === undefined)
            continue;
        if (parsed instanceof GodwitError)
            throw parsed;
        const list = byVersion.get(parsed.version) ?? [];
        list.push({ ...parsed, path });
        byVersion.set(parsed.version, list);
    }
    const groups = new Map();
    for (const [version, files] of byVersion) {
        // One migration = files sharing a name and an extension family.
        const identities = new Map();
        for (const f of files) {
            const key = `${f.name}\u0000${f.extension}\u0000${f.role === 'single' ? 'single' : 'pair'}`;
            identities.set(key, [...(identities.get(key) ?? []), f]);
        }
        const candidates = [...identities.values()].map((group) => ({
            main: group.find((f) => f.role !== 'down'),
            down: group.find((f) => f.role === 'down'),
        }));
        if (candidates.length > 1) {
            const [a, b] = candidates.map((c) => (c.main ?? c.down)).sort((x, y) => x.fileName.localeCompare(y.fileName));
            throw new GodwitError('DUPLICATE_VERSION', `duplicate version ${version}: ${a.fileName} and ${b.fileName}`, {
                file: a.path,
                version,
                hint: 'give one of them the next free version (rename the file); versions must be unique',
                data: { files: [a.path, b.path] },
            });
        }
        const only = candidates[0];
        if (!only.main) {
            const down = only.down;
            const upName = down.fileName.replace(/\.down\.(sql|json|js)$/, '.up.$1');
            throw new GodwitError('PARSE_ERROR', `${down.fileName} has no up file (expected ${upName})`, {
                file: down.path,
                version,
                hint: `add ${upName}, or remove the down file`,
            });
        }
        groups.set(version, {
            version,
            name: only.main.name,
            main: only.main,
            ...(only.down && { down: only.down }),
        });
    }
    return groups;
}
