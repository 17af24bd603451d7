/**
 * Reads `-- +goose` annotated SQL (also `-- +godwit`): the Up and Down sections, StatementBegin /
 * StatementEnd blocks, NO TRANSACTION and ENVSUB ON / OFF. The same line scanner reads golang-migrate
 * pair files (mode 'pair'), where the whole file is one section and only the non-section directives
 * apply, so both formats honour the annotations the same way.
 *
 * Text is split into lines and re-joined with '\n': statements sent to a database never carry a
 * stray '\r', and offsets inside a chunk map to lines by counting '\n' alone.
 */
import { GodwitError } from '../errors.js';
import type { BatchSpec, MigrationLimits, MigrationPhase, SqlChunk, SqlPart } from '../migration.js';
import { readArgumentDirective } from './godwit-directives.js';
import { firstSqlOffset } from './sql-comments.js';
import { createLineIndex, splitLines, stripBom } from './text.js';

/** Inclusive, 1-based range of lines where ENVSUB is on. */
export interface LineRange {
  from: number;
  to: number;
}

export interface GooseFile {
  up: SqlPart;
  /** undefined when the file has no Down section (irreversible) */
  down?: SqlPart;
  noTransaction: boolean;
  /** `-- +godwit PHASE expand|contract` */
  phase?: MigrationPhase;
  /** `-- +godwit lock_timeout=... retries=...` */
  limits?: MigrationLimits;
  /** lines where `${VAR}` substitution applies; applied at load time, the text here is raw */
  envsub: LineRange[];
  /**
   * the Up section as written (lines after `-- +goose Up` up to Down or the end, less trailing
   * blank lines), each line ended by '\n'
   */
  upText: string;
  /**
   * where `upText` comes from: line indexes `[from, to)` in the file's lines (0-based, BOM
   * dropped), for the checksum, which is taken on those lines' bytes
   */
  upLines: { from: number; to: number };
}

type Directive = 'up' | 'down' | 'statementbegin' | 'statementend' | 'notransaction' | 'envsubon' | 'envsuboff';

const DIRECTIVES: ReadonlySet<string> = new Set([
  'up',
  'down',
  'statementbegin',
  'statementend',
  'notransaction',
  'envsubon',
  'envsuboff',
]);

// `--+goose up`, `-- +goose NO TRANSACTION`, `  -- +godwit Down`. `-- +gooseberry` is a comment.
const ANNOTATION = /^\s*--\s*\+(?:goose|godwit)(?=\s|$)(.*)$/i;

interface Annotation {
  directive: Directive | undefined;
  written: string;
  /** what follows `+goose`, as written (the arguments of PHASE, BATCH, lock_timeout=...) */
  rest: string;
}

function readAnnotation(line: string): Annotation | undefined {
  const m = ANNOTATION.exec(line);
  if (!m) return undefined;
  // Case and spacing vary in real files: `NO TRANSACTION`, `no transaction`, `StatementBegin`.
  const key = m[1]!.toLowerCase().replace(/\s+/g, '');
  return { directive: DIRECTIVES.has(key) ? (key as Directive) : undefined, written: line.trim(), rest: m[1]! };
}

const KNOWN = 'Up, Down, StatementBegin, StatementEnd, NO TRANSACTION, ENVSUB ON, ENVSUB OFF, PHASE expand|contract, BATCH size=N delay=D, lock_timeout=D statement_timeout=D retries=N retry_delay=D';

export function parseGooseFile(text: string, file: string): GooseFile {
  const scan = scanAnnotatedSql(text, file, 'goose');
  const up = scan.sections.up!;
  const upLines = { from: up.firstLineIndex, to: withoutTrailingBlanks(scan.lines, up.firstLineIndex, up.endLineIndex) };
  return {
    up: toPart(up.chunks, file, scan.noTransaction),
    ...(scan.sections.down && { down: toPart(scan.sections.down.chunks, file, scan.noTransaction) }),
    noTransaction: scan.noTransaction,
    ...(scan.phase && { phase: scan.phase }),
    ...(scan.limits && { limits: scan.limits }),
    envsub: scan.envsub,
    // Built only when asked for (tests, tools): a large file must not carry a second copy of
    // its Up section through every listing; the checksum is taken on the bytes of `upLines`.
    get upText() {
      return scan.lines
        .slice(upLines.from, upLines.to)
        .map((line) => `${line}\n`)
        .join('');
    },
    upLines,
  };
}

/**
 * The end of the section's lines without trailing blank lines: adding a Down section (usually
 * after a blank line) to an up-only file must not look like an edit of its up part.
 */
function withoutTrailingBlanks(lines: string[], from: number, to: number): number {
  let end = to;
  while (end > from && lines[end - 1]!.trim() === '') end--;
  return end;
}

export function toPart(chunks: SqlChunk[], file: string, noTransaction: boolean): SqlPart {
  return { kind: 'sql', file, chunks, noTransaction, empty: chunks.length === 0 };
}

interface Section {
  chunks: SqlChunk[];
  /** index in `lines` of the section's first line (the one after its annotation) */
  firstLineIndex: number;
  /** index in `lines` just past the section's last line */
  endLineIndex: number;
}

export interface AnnotatedSqlScan {
  lines: string[];
  /** goose: up and (maybe) down; pair: `up` holds the whole file */
  sections: { up?: Section; down?: Section };
  noTransaction: boolean;
  phase?: MigrationPhase;
  limits?: MigrationLimits;
  envsub: LineRange[];
}

/**
 * The line scanner behind both formats. In 'goose' mode the file must have an Up annotation and
 * may have one Down; in 'pair' mode the whole file is one section and Up/Down are refused (the
 * other half of a pair lives in its own file).
 */
export function scanAnnotatedSql(text: string, file: string, mode: 'goose' | 'pair'): AnnotatedSqlScan {
  const lines = splitLines(stripBom(text));
  const fail = (message: string, line: number, hint?: string) =>
    new GodwitError('PARSE_ERROR', message, { file, line, ...(hint && { hint }) });

  const sections: { up?: Section; down?: Section } = {};
  let current: Section | undefined;
  if (mode === 'pair') {
    current = { chunks: [], firstLineIndex: 0, endLineIndex: lines.length };
    sections.up = current;
  }
  // Lines before `-- +goose Up` may only be comments; kept (annotations blanked) to locate SQL.
  const preamble: string[] = [];
  let free: { line: number; lines: string[] } | undefined;
  // `line`: first line of the block's text; `begin`: the StatementBegin annotation's line.
  let block: { line: number; begin: number; lines: string[] } | undefined;
  let noTransaction = false;
  const envsub: LineRange[] = [];
  let envsubFrom: number | undefined;
  let phase: { phase: MigrationPhase; line: number } | undefined;
  let limits: MigrationLimits | undefined;
  // A BATCH directive waits for the chunk holding the next statement.
  let batch: { spec: BatchSpec; line: number } | undefined;
  const pushChunk = (chunk: SqlChunk) => {
    if (batch) {
      chunk.batch = batch.spec;
      batch = undefined;
    }
    current!.chunks.push(chunk);
  };

  const flushFree = () => {
    if (free && current) {
      const chunkText = free.lines.join('\n');
      if (firstSqlOffset(chunkText) !== -1) pushChunk({ text: chunkText, line: free.line, atomic: false });
    }
    free = undefined;
  };
  const addFree = (line: string, lineNo: number) => {
    if (!current) {
      preamble.push(line);
      return;
    }
    if (!free) free = { line: lineNo, lines: [] };
    free.lines.push(line);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    const ann = readAnnotation(line);

    if (ann && !ann.directive) {
      const argument = readArgumentDirective(ann.rest, file, lineNo);
      if (!argument) throw fail(`unknown annotation \`${ann.written}\``, lineNo, `known annotations: ${KNOWN}`);
      if (argument.kind === 'phase') {
        if (phase && phase.phase !== argument.phase) throw fail(`\`${ann.written}\` contradicts the PHASE at line ${phase.line}`, lineNo, 'a migration belongs to one phase: keep one PHASE line');
        phase = { phase: argument.phase, line: lineNo };
      } else if (argument.kind === 'limits') {
        limits = { ...limits, ...argument.limits };
      } else {
        if (block) throw fail('`-- +godwit BATCH` inside a StatementBegin/End block', lineNo, 'put the BATCH line right before the statement (before StatementBegin)');
        // The statements before it are not part of the batch: they end their chunk here.
        flushFree();
        batch = { spec: { size: argument.size, delayMs: argument.delayMs }, line: lineNo };
      }
      // An empty line in its place, like the other annotations.
      if (block) block.lines.push('');
      else addFree('', lineNo);
      continue;
    }

    if (block) {
      if (!ann) {
        block.lines.push(line);
        continue;
      }
      switch (ann.directive) {
        case 'statementend': {
          const blockText = block.lines.join('\n');
          if (firstSqlOffset(blockText) !== -1) pushChunk({ text: blockText, line: block.line, atomic: true });
          block = undefined;
          continue;
        }
        case 'up':
        case 'down':
        case 'statementbegin':
          throw fail(
            `\`-- +goose StatementBegin\` has no StatementEnd before \`${ann.written}\` (line ${lineNo})`,
            block.begin,
            'add `-- +goose StatementEnd` after the statement',
          );
        default:
          // NO TRANSACTION / ENVSUB inside a block: obey them, and send an empty line in their
          // place: the block's text keeps its line numbers, and a function body (`$$ ... $$`)
          // never stores a `-- +goose` line.
          applyFlag(ann.directive!, lineNo);
          block.lines.push('');
          continue;
      }
    }

    if (!ann) {
      addFree(line, lineNo);
      continue;
    }

    switch (ann.directive) {
      case 'up':
        if (mode === 'pair') throw pairSectionError(ann.written, lineNo);
        if (sections.up) throw fail(`second \`${ann.written}\` (the first is at line ${sections.up.firstLineIndex})`, lineNo, 'a file has one Up section');
        current = { chunks: [], firstLineIndex: i + 1, endLineIndex: lines.length };
        sections.up = current;
        break;
      case 'down':
        if (mode === 'pair') throw pairSectionError(ann.written, lineNo);
        if (!sections.up) throw fail(`\`${ann.written}\` comes before \`-- +goose Up\``, lineNo, 'put the Up section first, then the Down section');
        if (sections.down) throw fail(`second \`${ann.written}\` (the first is at line ${sections.down.firstLineIndex})`, lineNo, 'a file has one Down section');
        flushFree();
        sections.up.endLineIndex = i;
        current = { chunks: [], firstLineIndex: i + 1, endLineIndex: lines.length };
        sections.down = current;
        break;
      case 'statementbegin':
        if (!current) throw fail(`\`${ann.written}\` comes before \`-- +goose Up\``, lineNo, 'add `-- +goose Up` above it');
        flushFree();
        block = { line: lineNo + 1, begin: lineNo, lines: [] };
        break;
      case 'statementend':
        throw fail(`\`${ann.written}\` without a matching \`-- +goose StatementBegin\``, lineNo, 'add `-- +goose StatementBegin` before the statement, or remove this line');
      default:
        applyFlag(ann.directive!, lineNo);
        // An empty line in its place: a statement around it is not cut in two, keeps its line
        // numbers, and never carries the annotation to the database.
        addFree('', lineNo);
    }
  }

  if (block) {
    throw fail('`-- +goose StatementBegin` has no matching StatementEnd', block.begin, 'add `-- +goose StatementEnd` after the statement');
  }
  flushFree();
  if (batch) throw fail('`-- +godwit BATCH` has no statement after it', batch.line, 'put the BATCH line right before the UPDATE, DELETE or INSERT it batches');
  if (envsubFrom !== undefined) envsub.push({ from: envsubFrom, to: lines.length });

  if (!sections.up) {
    throw new GodwitError('PARSE_ERROR', 'no `-- +goose Up` annotation', {
      file,
      hint: 'add `-- +goose Up` as the first line (or name the file V_name.up.sql for a golang-migrate pair)',
    });
  }
  const preambleText = preamble.join('\n');
  const stray = firstSqlOffset(preambleText);
  if (stray !== -1) {
    const { line } = createLineIndex(preambleText)(stray);
    throw fail('SQL before `-- +goose Up`', line, 'move `-- +goose Up` above it; only comments may come before it');
  }
  return { lines, sections, noTransaction, ...(phase && { phase: phase.phase }), ...(limits && { limits }), envsub };

  function applyFlag(directive: Directive, lineNo: number): void {
    if (directive === 'notransaction') noTransaction = true;
    else if (directive === 'envsubon') envsubFrom ??= lineNo + 1;
    else if (directive === 'envsuboff' && envsubFrom !== undefined) {
      if (lineNo - 1 >= envsubFrom) envsub.push({ from: envsubFrom, to: lineNo - 1 });
      envsubFrom = undefined;
    }
  }

  function pairSectionError(written: string, lineNo: number): GodwitError {
    return fail(`\`${written}\` in a golang-migrate pair file`, lineNo, 'a pair keeps up and down in V_name.up.sql and V_name.down.sql; remove the annotation (or rename the file to V_name.sql)');
  }
}
