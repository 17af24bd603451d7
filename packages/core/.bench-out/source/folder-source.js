/**
 * The folder source: a database's migrations folder (or its `schema/` subfolder when there is
 * one). `list()` reads and parses every migration file up front, so checksums and structural
 * errors (duplicate versions, bad annotations, invalid JSON) are known before anything runs;
 * `load()` then only applies ENVSUB to what was already parsed.
 */
import { isAbsolute, join } from 'node:path';
import { GodwitError } from '../errors.js';
import { buildMigration } from './folder-migration.js';
import { nodeFileSystem } from './source-fs.js';
import { groupByVersion } from './version-groups.js';
export function createFolderSource(options) {
    const { dir } = options;
    const fs = options.fs ?? nodeFileSystem;
    const env = () => options.env ?? process.env;
    return {
        dir,
        description: dir,
        async list() {
            const folder = await migrationsFolder(fs, dir);
            const names = await readNames(fs, folder);
            const groups = groupByVersion(names, folder);
            const migrations = await Promise.all([...groups.values()].map((group) => buildMigration(group, fs, env)));
            return migrations.sort((a, b) => a.version - b.version);
        },
    };
}
/** `dir/schema` when it is a folder (a database folder may keep its migrations there), else `dir`. */
export async function migrationsFolder(fs, dir) {
    const shown = displayPath(dir);
    let isDirectory;
    try {
        isDirectory = (await fs.stat(dir)).isDirectory();
    }
    catch (e) {
        const code = e.code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
            throw new GodwitError('SOURCE_NOT_FOUND', `migrations folder ${shown} not found`, {
                file: dir,
                hint: `create it (godwit create <name> does) or pass --dir <path>`,
            });
        }
        throw unreadable(dir, e);
    }
    if (!isDirectory) {
        throw new GodwitError('SOURCE_NOT_FOUND', `${shown} is not a folder`, { file: dir, hint: 'pass the migrations folder with --dir <path>' });
    }
    const schema = join(dir, 'schema');
    try {
        if ((await fs.stat(schema)).isDirectory())
            return schema;
    }
    catch {
        // no schema/ subfolder: migrations sit in dir itself
    }
    return dir;
}
async function readNames(fs, folder) {
    try {
        return (await fs.readdir(folder)).sort();
    }
    catch (e) {
        throw unreadable(folder, e);
    }
}
function unreadable(dir, e) {
    const reason = e.code ?? (e instanceof Error ? e.message : String(e));
    return new GodwitError('SOURCE_NOT_FOUND', `cannot read migrations folder ${displayPath(dir)}: ${reason}`, {
        file: dir,
        hint: 'check the folder exists and is readable by this user, or pass --dir <path>',
        cause: e,
    });
}
/** `./x` for a bare relative path, so a message reads as a path. */
function displayPath(dir) {
    return isAbsolute(dir) || dir.startsWith('.') ? dir : `./${dir}`;
}
