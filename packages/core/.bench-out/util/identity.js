import { readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
/** Core's own version, written into history rows so an audit can tell which Godwit ran a step. */
export const TOOL_VERSION = readOwnVersion();
function readOwnVersion() {
    try {
        // dist/util/identity.js and src/util/identity.ts both sit two levels below package.json.
        const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
        return `godwit/${pkg.version ?? 'unknown'}`;
    }
    catch {
        return 'godwit/unknown';
    }
}
/** `user@host`, as the store's applied_by column wants it. */
export function defaultAppliedBy() {
    let user = 'unknown';
    try {
        user = userInfo().username;
    }
    catch {
        // some containers run with a uid that has no passwd entry
    }
    return `${user}@${hostname()}`;
}
