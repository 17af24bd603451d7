/**
 * Go-style durations for `--timeout`, `--lock-timeout`, `--statement-timeout`: `500ms`, `30s`,
 * `5m`, `1h`, `1m30s`, `1.5h`, and `0` for no limit. A bare number is refused because nobody can
 * tell whether `30` meant seconds or milliseconds.
 */
import { GodwitError } from '../errors.js';
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?|\.\d+)(?:ms|s|m|h)(?:(?:\d+(?:\.\d+)?|\.\d+)(?:ms|s|m|h))*$/;
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)/g;
/** Node's timers (and so AbortSignal.timeout) fire at once beyond 2^31-1 ms (about 24.8 days). */
const MAX_MS = 2 ** 31 - 1;
/** Milliseconds; 0 means no limit. Throws USAGE naming `flag` for anything else. */
export function parseDuration(text, flag) {
    const value = String(text).trim().toLowerCase();
    if (value === '0')
        return 0;
    const example = `${flag ?? '--timeout'} 30s`;
    const what = flag ? `${flag}: ` : '';
    if (!WHOLE.test(value)) {
        throw new GodwitError('USAGE', `${what}"${text}" is not a duration`, {
            hint: `use a number with a unit (ms, s, m, h), e.g. ${example} or 1m30s; 0 means no limit`,
        });
    }
    let ms = 0;
    for (const [, amount, unit] of value.matchAll(PART))
        ms += Number(amount) * UNIT_MS[unit];
    // Round up, so a tiny positive duration never turns into 0 (which would mean no limit).
    ms = Math.ceil(ms);
    if (ms > MAX_MS) {
        throw new GodwitError('USAGE', `${what}"${text}" is too long (at most 24 days)`, {
            hint: `use 0 for no limit, e.g. ${flag ?? '--timeout'} 0`,
        });
    }
    return ms;
}
