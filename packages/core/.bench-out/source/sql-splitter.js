/**
 * The generic SQL statement splitter, used by the SQLite driver (PostgreSQL splits with the real
 * parser, libpg-query, in its own driver). It splits free text on `;` outside string literals
 * ('...' with '' escapes, E'...' with backslash escapes), quoted identifiers ("...", `...`,
 * [...]), comments (-- and nested /* *\/) and dollar quotes ($$...$$, $tag$...$tag$), and keeps a
 * `CREATE TRIGGER ... BEGIN ... END` body together: inside a trigger, BEGIN and CASE open a level
 * that END closes, and only a `;` at level 0 ends the statement.
 */
import { GodwitError } from '../errors.js';
import { skipBlockComment } from './sql-comments.js';
import { createLineIndex } from './text.js';
const TRIGGER_MODIFIERS = new Set(['TEMP', 'TEMPORARY', 'OR', 'REPLACE']);
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
function isIdentStart(c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_' || c > '\u007f';
}
function isIdentPart(c) {
    return isIdentStart(c) || (c >= '0' && c <= '9') || c === '$';
}
/**
 * Statements of `chunk`, each without its terminating `;`, trimmed, with the line and column of
 * its first token counted in `file` (the chunk starts at column 1 of `chunk.line`). Comment-only
 * statements are dropped. An atomic chunk (StatementBegin/End) is one statement.
 */
export function splitSql(chunk, file) {
    const text = chunk.text;
    const where = createLineIndex(text, chunk.line);
    const statements = [];
    const n = text.length;
    let start = -1; // first token of the current statement
    let end = -1; // just past its last token
    let endBeforeSemicolon = -1; // `end` before the latest `;` token (atomic chunks drop a final `;`)
    let words = 0; // words seen in the statement, to recognise CREATE [TEMP] TRIGGER
    let firstWord = '';
    let onlyModifiers = true;
    let trigger = false;
    let depth = 0;
    const token = (from, to) => {
        if (start === -1)
            start = from;
        end = to;
    };
    const flush = () => {
        if (start !== -1) {
            const stop = chunk.atomic && text[end - 1] === ';' ? endBeforeSemicolon : end;
            const sql = text.slice(start, stop).trim();
            if (sql !== '')
                statements.push({ sql, ...where(start) });
        }
        start = -1;
        end = -1;
        words = 0;
        firstWord = '';
        onlyModifiers = true;
        trigger = false;
        depth = 0;
    };
    const unterminated = (what, at) => new GodwitError('PARSE_ERROR', `unterminated ${what}`, {
        file,
        ...where(at),
        hint: 'close it; a statement the splitter cannot read can be wrapped in -- +goose StatementBegin / StatementEnd',
    });
    const onWord = (word) => {
        const upper = word.toUpperCase();
        words++;
        if (words === 1)
            firstWord = upper;
        else if (!trigger && firstWord === 'CREATE') {
            if (upper === 'TRIGGER' && onlyModifiers)
                trigger = true;
            else if (!TRIGGER_MODIFIERS.has(upper))
                onlyModifiers = false;
        }
        else if (trigger) {
            if (upper === 'BEGIN' || upper === 'CASE')
                depth++;
            else if (upper === 'END' && depth > 0)
                depth--;
        }
    };
    let i = 0;
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
            const after = skipBlockComment(text, i);
            if (after === -1)
                throw unterminated('/* comment', i);
            i = after;
        }
        else if (c === "'") {
            const after = skipQuoted(text, i, "'", false);
            if (after === -1)
                throw unterminated('string literal', i);
            token(i, after);
            i = after;
        }
        else if (c === '"' || c === '`') {
            const after = skipQuoted(text, i, c, false);
            if (after === -1)
                throw unterminated('quoted identifier', i);
            token(i, after);
            i = after;
        }
        else if (c === '[') {
            const close = text.indexOf(']', i + 1);
            if (close === -1)
                throw unterminated('[quoted identifier]', i);
            token(i, close + 1);
            i = close + 1;
        }
        else if (c === '$') {
            DOLLAR_TAG.lastIndex = i;
            const tag = DOLLAR_TAG.exec(text)?.[0];
            if (tag === undefined) {
                token(i, i + 1); // a parameter such as $1 or $name
                i++;
                continue;
            }
            const close = text.indexOf(tag, i + tag.length);
            if (close === -1)
                throw unterminated(`dollar-quoted string ${tag}`, i);
            token(i, close + tag.length);
            i = close + tag.length;
        }
        else if (c === ';') {
            if (!chunk.atomic && (!trigger || depth === 0)) {
                flush();
            }
            else {
                endBeforeSemicolon = end;
                token(i, i + 1);
            }
            i++;
        }
        else if (isIdentStart(c)) {
            let j = i + 1;
            while (j < n && isIdentPart(text[j]))
                j++;
            const word = text.slice(i, j);
            if ((word === 'E' || word === 'e') && text[j] === "'") {
                // E'...': a PostgreSQL string with backslash escapes, E'it\'s'.
                const after = skipQuoted(text, j, "'", true);
                if (after === -1)
                    throw unterminated('string literal', i);
                token(i, after);
                i = after;
                continue;
            }
            onWord(word);
            token(i, j);
            i = j;
        }
        else {
            token(i, i + 1);
            i++;
        }
    }
    flush();
    return statements;
}
/**
 * Given text[start] === quote, the offset just past the closing quote (a doubled quote is an
 * escaped one; with `backslash`, so is \x), or -1 if it never closes.
 */
function skipQuoted(text, start, quote, backslash) {
    let i = start + 1;
    const n = text.length;
    while (i < n) {
        const c = text[i];
        if (backslash && c === '\\') {
            i += 2;
        }
        else if (c === quote) {
            if (text[i + 1] === quote)
                i += 2;
            else
                return i + 1;
        }
        else {
            i++;
        }
    }
    return -1;
}
