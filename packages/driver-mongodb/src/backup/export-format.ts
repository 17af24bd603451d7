/**
 * The Extended-JSON export's file format, read back. Newline-delimited canonical Extended JSON:
 * a header line, then per collection `{collection, type, options, indexes}`, its documents `{d}`,
 * and `{end, count}`; a final `{done}` line proves the file is complete. The reader checks order,
 * counts and the closing line as it streams, so a damaged or cut file is refused before a
 * restore drops anything.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { GodwitError } from '@godwit/core';
import { EJSON } from 'bson';
import type { Document } from 'mongodb';

export const FORMAT = 'godwit-mongo-export';

export interface CollectionLine {
  collection: string;
  type: string;
  options: Document;
  indexes: Document[];
}

export type ExportEntry = { kind: 'collection'; line: CollectionLine } | { kind: 'document'; doc: Document } | { kind: 'end' };

export async function* readExport(file: string): AsyncGenerator<ExportEntry> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  const fail = (lineNo: number, why: string) =>
    new GodwitError('BACKUP_FAILED', why, { file, line: lineNo, hint: 'the export is damaged or incomplete; use another backup' });
  let lineNo = 0;
  let header = false;
  let done = false;
  let open: string | undefined;
  let count = 0;
  for await (const text of lines) {
    lineNo++;
    if (text === '') continue;
    let value: Document;
    try {
      value = EJSON.parse(text, { relaxed: false }) as Document;
    } catch (e) {
      throw fail(lineNo, `not Extended JSON: ${(e as Error).message}`);
    }
    if (!header) {
      if (value.format !== FORMAT) throw fail(lineNo, `not a godwit MongoDB export (no "${FORMAT}" header)`);
      header = true;
    } else if (done) {
      throw fail(lineNo, 'data after the closing line');
    } else if (typeof value.collection === 'string') {
      if (open !== undefined) throw fail(lineNo, `collection ${open} has no end line`);
      open = value.collection;
      count = 0;
      yield { kind: 'collection', line: value as unknown as CollectionLine };
    } else if ('d' in value) {
      if (open === undefined) throw fail(lineNo, 'a document outside any collection');
      count++;
      yield { kind: 'document', doc: value.d as Document };
    } else if (typeof value.end === 'string') {
      if (value.end !== open || Number(value.count) !== count) throw fail(lineNo, `collection ${value.end}: expected ${value.count} document(s), found ${count}`);
      open = undefined;
      yield { kind: 'end' };
    } else if (value.done === true) {
      done = true;
    } else {
      throw fail(lineNo, 'an unknown line');
    }
  }
  if (!header || !done) throw fail(lineNo, 'the export ends before its closing line (truncated)');
}
