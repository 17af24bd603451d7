/**
 * Where each element of a top-level JSON array starts and ends. JSON.parse does not say where a
 * value came from, and no JSON library we depend on does either, so this small scanner walks the
 * (already validated) text: it only needs to skip strings and count brackets.
 */
/** Spans of the top-level array's elements; `text` must be valid JSON whose top level is an array. */
export function scanTopLevelElements(text) {
    const spans = [];
    let depth = 0;
    let start = -1;
    let lastEnd = -1;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '"') {
            if (depth === 1 && start === -1)
                start = i;
            i = skipString(text, i);
            lastEnd = i + 1;
            continue;
        }
        if (c === ' ' || c === '\t' || c === '\n' || c === '\r')
            continue;
        if (depth === 1 && (c === ',' || c === ']')) {
            if (start !== -1)
                spans.push({ start, end: lastEnd });
            start = -1;
            if (c === ']')
                depth--;
            continue;
        }
        if (depth === 1 && start === -1)
            start = i;
        if (c === '[' || c === '{')
            depth++;
        else if (c === ']' || c === '}')
            depth--;
        lastEnd = i + 1;
    }
    return spans;
}
/** Given text[start] === '"', the offset of the closing quote. */
function skipString(text, start) {
    let i = start + 1;
    while (i < text.length) {
        const c = text[i];
        if (c === '\\')
            i += 2;
        else if (c === '"')
            return i;
        else
            i++;
    }
    return text.length;
}
