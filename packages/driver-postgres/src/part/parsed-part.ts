/**
 * A part split by the bundled PostgreSQL parser (libpg-query): the authority on statement
 * boundaries, syntax errors (PARSE_ERROR at file:line:column) and the parse trees classify.ts
 * reads. Every part that the lexical fast lane (scanned-part.ts) does not take comes here, and so
 * does everything `validate --driver postgres` (no database) prepares.
 */
import type { SqlPart } from '@godwit/core';
import { rewriteBatch } from '../batch/rewrite.js';
import { affectsTransaction } from '../sql/classify.js';
import { atomicStatement, loadParser, splitPostgres } from '../sql/split.js';
import { type PartStatement, partStatement, type StatementPayload } from './part-statement.js';

export async function parsedPart(part: SqlPart, version: number): Promise<PartStatement[]> {
  const out: PartStatement[] = [];
  for (const chunk of part.chunks) {
    const where = { file: part.file, line: chunk.line, keepNode: affectsTransaction };
    const first = out.length;
    if (chunk.atomic) {
      const s = await atomicStatement(chunk.text, where);
      if (s) out.push(partStatement(part.file, s, true));
    } else {
      // not push(...statements): a chunk may hold more statements than a call has room for arguments
      for (const s of await splitPostgres(chunk.text, where)) out.push(partStatement(part.file, s, false));
    }
    // `-- +godwit BATCH`: the chunk's first statement is a batched backfill (core runs its batches).
    const batched = chunk.batch ? out[first] : undefined;
    if (chunk.batch && batched) {
      const { prepared } = batched;
      const batch = rewriteBatch(await loadParser(), prepared.text, chunk.batch.size, { file: part.file, line: prepared.line, version });
      prepared.batch = chunk.batch;
      prepared.payload = { ...(prepared.payload as StatementPayload | undefined), batch } satisfies StatementPayload;
    }
  }
  return out;
}
