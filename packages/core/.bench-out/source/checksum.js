/**
 * A migration's checksum: SHA-256 (hex) of its up part with the BOM dropped and line endings
 * normalised to '\n', so a checkout that turns LF into CRLF does not look like an edited file.
 */
import { createHash } from 'node:crypto';
import { stripBom } from './text.js';
export function checksumOf(text) {
    return createHash('sha256').update(stripBom(text).replace(/\r\n?/g, '\n'), 'utf8').digest('hex');
}
