/**
 * Finds where SQL starts once whitespace and comments are skipped. The annotation parser uses it
 * to tell a comments-only section (a no-op down) from one with statements, and to point at SQL
 * written before `-- +goose Up`. It stops at the first real character, so it never needs to
 * understand string literals: whatever comes first is either a comment or SQL.
 */
/** Offset of the first character that is neither whitespace nor inside a comment; -1 if none. */
export function firstSqlOffset(text, from = 0) {
    let i = from;
    const n = text.length;
    while (i < n) {
        const c = text[i];
        if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
            i++;
        }
        else if (c === '-' && text[i + 1] === '-') {
            const eol = text.indexOf('\n', i);
            i = eol === -1 ? n : eol + 1;
        }
        else if (c === '/' && text[i + 1] === '*') {
            i = skipBlockComment(text, i);
            if (i === -1)
                return -1; // an unterminated comment holds no SQL; the splitter reports it
        }
        else {
            return i;
        }
    }
    return -1;
}
/**
 * Given `text[start..]` === '/*', returns the offset just after the matching '*' + '/', or -1 if
 * the comment never closes. Comments nest, as in PostgreSQL and the SQL standard.
 */
export function skipBlockComment(text, start) {
    let depth = 0;
    let i = start;
    const n = text.length;
    while (i < n) {
        if (text[i] === '/' && text[i + 1] === '*') {
            depth++;
            i += 2;
        }
        else if (text[i] === '*' && text[i + 1] === '/') {
            depth--;
            i += 2;
            if (depth === 0)
                return i;
        }
        else {
            i++;
        }
    }
    return -1;
}
export function hasSql(text) {
    return firstSqlOffset(text) !== -1;
}
