import { scanAnnotatedSql, toPart } from './goose-parser.js';
export function parsePairFile(text, file) {
    const scan = scanAnnotatedSql(text, file, 'pair');
    return {
        part: toPart(scan.sections.up.chunks, file, scan.noTransaction),
        noTransaction: scan.noTransaction,
        envsub: scan.envsub,
    };
}
