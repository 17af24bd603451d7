/**
 * Text helpers shared by the parsers: BOM stripping, line splitting that accepts LF, CRLF and CR,
 * and turning a character offset into a 1-based line and column (so every error can say
 * `file:line:column`, whatever line endings the file was written with).
 */
const BOM = '\uFEFF';
export function stripBom(text) {
    return text.startsWith(BOM) ? text.slice(1) : text;
}
/** Lines without their terminators; `a\r\nb\n` gives ['a', 'b', '']. */
export function splitLines(text) {
    return text.split(/\r\n|\r|\n/);
}
/**
 * Returns a function mapping an offset in `text` to its line and column, counted from
 * `firstLine` (the line `text` starts on in its file). Line starts are indexed once and searched
 * by bisection, so a long file with many statements stays linear.
 */
export function createLineIndex(text, firstLine = 1) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 /* \n */)
            starts.push(i + 1);
        else if (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)
            starts.push(i + 1);
    }
    return (offset) => {
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= offset)
                lo = mid;
            else
                hi = mid - 1;
        }
        return { line: firstLine + lo, column: offset - starts[lo] + 1 };
    };
}
/** Line and column of one offset (builds the index once; use createLineIndex for many). */
export function lineColumnAt(text, offset, firstLine = 1) {
    return createLineIndex(text, firstLine)(offset);
}
