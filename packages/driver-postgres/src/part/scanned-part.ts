/**
 * The apply path's fast lane: a part whose statements are all certainly plain (plain-statement.ts)
 * is split by the lexical scan (statement-scan.ts), so the bundled parser is not loaded for it
 * (libpg-query's WASM costs about half a second of CPU and 40 MB to load, more than applying a
 * few hundred small migrations). Its statements are the parser's to the character: the same text
 * (leading white space and comments removed, no `;`), line and column, and no parse tree kept,
 * as the parser would keep none (none of them affects the transaction). So prepare.ts reaches the
 * same decisions from them.
 *
 * What the scan cannot tell is whether the text is valid SQL: `syntax` lists the texts whose
 * parse prepare.ts must still have confirmed (the server's parser, session/syntax-probe.ts)
 * before it trusts this result. StatementBegin/End blocks are not among them: they are sent as
 * written even when the parser refuses them.
 */
import type { SqlPart } from '@godwit/core';
import { certainlyPlain, WATCHED_WORDS } from '../sql/plain-statement.js';
import { NO_NODES, statementAt } from '../sql/split.js';
import { scanStatements } from '../sql/statement-scan.js';
import { PositionTracker } from '../sql/text-position.js';
import { type PartStatement, partStatement } from './part-statement.js';

/**
 * Parts larger than this go to the parser, which reads them in bounded pieces; the server would
 * have to parse the whole text at once to confirm it.
 */
export const SCANNED_PART_CHARS = 1024 * 1024;

export interface ScannedPart {
  statements: PartStatement[];
  /** texts that must parse (the part's chunks outside StatementBegin/End blocks) */
  syntax: string[];
}

/**
 * Scans already made, by part: a run's syntax check (session/syntax-batch.ts) scans every part
 * before prepare.ts does, and a part without ENVSUB is the same object both times.
 */
const scans = new WeakMap<SqlPart, ScannedPart | undefined>();

/** The part's statements by the lexical scan, or undefined when any of them needs the parser. */
export function scannedPart(part: SqlPart): ScannedPart | undefined {
  if (scans.has(part)) return scans.get(part);
  const scanned = scan(part);
  scans.set(part, scanned);
  return scanned;
}

function scan(part: SqlPart): ScannedPart | undefined {
  const statements: PartStatement[] = [];
  const syntax: string[] = [];
  let chars = 0;
  for (const chunk of part.chunks) {
    // `-- +godwit BATCH` rewrites its statement with the parser.
    if (chunk.batch) return undefined;
    chars += chunk.text.length;
    if (chars > SCANNED_PART_CHARS) return undefined;
    if (chunk.text.trim() === '') continue; // no statement, as the parser would say
    const scanned = scanStatements(chunk.text, WATCHED_WORDS);
    if (scanned === undefined || !scanned.every(certainlyPlain)) return undefined;
    const positions = new PositionTracker(chunk.text, { line: chunk.line, column: 1 });
    if (chunk.atomic) {
      if (scanned.length > 0) statements.push(partStatement(part.file, statementAt(chunk.text, 0, chunk.text.length, positions, NO_NODES), true));
      continue;
    }
    for (const s of scanned) statements.push(partStatement(part.file, statementAt(chunk.text, s.from, s.to, positions, NO_NODES), false));
    syntax.push(chunk.text);
  }
  return { statements, syntax };
}
