/**
 * Files that manage their own transactions (`BEGIN; ... COMMIT;` inside), in dialect-free terms:
 * each driver says which of its statements are transaction control (from its own parser), and
 * this decides how the file runs. One definition for every SQL driver, so PostgreSQL and SQLite
 * treat such files alike.
 *
 * - The whole file is one `BEGIN ... COMMIT` block: its body runs inside Godwit's own transaction
 *   with the version row (the file's BEGIN and COMMIT are dropped), so a failure leaves nothing
 *   half-applied and nothing dirty.
 * - Several blocks (or statements outside the block): each block is sent as one unit, so it commits
 *   or fails whole, and the step's progress counts blocks (`up --resume` restarts at a block).
 * - Anything else (a ROLLBACK, a BEGIN inside an open block, a COMMIT without BEGIN, control the
 *   driver cannot group): statement by statement as written, with dirty marking, as before.
 * - A BEGIN never closed is refused: the bookkeeping after it would land in the file's transaction.
 */
import type { PreparedStatement } from '../driver/contract.js';

/**
 * What a statement does to the transaction, as the driver's parser tells:
 * - `begin`: a plain BEGIN / START TRANSACTION that Godwit's own transaction can stand in for;
 * - `begin-as-written`: a BEGIN with options ours would not have (an isolation level, READ ONLY,
 *   SQLite's EXCLUSIVE): its block is kept and sent as written;
 * - `commit`: COMMIT / END; `rollback`: ROLLBACK (not ROLLBACK TO a savepoint, which is no control);
 * - `other`: control that cannot be grouped (PREPARE TRANSACTION, COMMIT AND CHAIN, a BEGIN inside
 *   a StatementBegin/End block...).
 */
export type TransactionControlKind = 'begin' | 'begin-as-written' | 'commit' | 'rollback' | 'other';

export type FileTransactions<S> =
  /** no transaction control at all */
  | { shape: 'none' }
  /** one BEGIN ... COMMIT around everything: run `body` in Godwit's transaction */
  | { shape: 'whole'; body: S[]; begin: S; commit: S }
  /** `units` in order: a block (BEGIN through COMMIT) or a lone statement outside any block */
  | { shape: 'blocks'; units: S[][]; blocks: number }
  /** statement by statement as written; `first` is the first control statement */
  | { shape: 'as-written'; first: S; reason: string }
  /** a BEGIN that nothing closes */
  | { shape: 'unclosed'; begin: S };

export interface FileTransactionOptions {
  /** whether a whole-file block may join Godwit's transaction (false for NO TRANSACTION parts) */
  whole: boolean;
}

export function fileTransactions<S>(
  statements: readonly S[],
  controlOf: (s: S) => TransactionControlKind | undefined,
  options: FileTransactionOptions,
): FileTransactions<S> {
  const units: S[][] = [];
  let first: S | undefined;
  let open: { members: S[]; plain: boolean } | undefined;
  let blocks = 0;
  let wholeCandidate = true;
  let rollback = false;
  for (const s of statements) {
    const control = controlOf(s);
    if (control === undefined) {
      if (open) open.members.push(s);
      else units.push([s]);
      continue;
    }
    first ??= s;
    switch (control) {
      case 'begin':
      case 'begin-as-written':
        if (open) return { shape: 'as-written', first, reason: 'it opens a transaction inside an open one' };
        open = { members: [s], plain: control === 'begin' };
        break;
      case 'commit':
      case 'rollback':
        if (!open) return { shape: 'as-written', first, reason: 'it ends a transaction it did not begin' };
        open.members.push(s);
        units.push(open.members);
        blocks++;
        if (control === 'rollback') rollback = true;
        if (!open.plain) wholeCandidate = false;
        open = undefined;
        break;
      case 'other':
        return { shape: 'as-written', first, reason: 'it uses transaction control that cannot be grouped (e.g. PREPARE TRANSACTION, AND CHAIN)' };
    }
  }
  if (open) return { shape: 'unclosed', begin: open.members[0]! };
  if (first === undefined) return { shape: 'none' };
  if (rollback) return { shape: 'as-written', first, reason: 'it rolls back a transaction of its own' };
  const only = units[0]!;
  if (options.whole && wholeCandidate && blocks === 1 && units.length === 1) {
    return { shape: 'whole', body: only.slice(1, -1), begin: only[0]!, commit: only[only.length - 1]! };
  }
  return { shape: 'blocks', units, blocks };
}

/**
 * Several statements as one text that is sent whole (a block of a file with its own
 * transactions), keeping every statement at its own line and column: the statements are joined
 * with `;` and padded with the line breaks and spaces that separated them in the file (comments
 * between them are left out), so an error position in the text maps back to the file exactly.
 * The result starts where the first statement starts. Columns count characters (code points).
 */
export function joinStatements(statements: readonly PreparedStatement[]): PreparedStatement {
  const head = statements[0];
  if (head === undefined) throw new Error('joinStatements needs at least one statement');
  let text = '';
  let at = { line: head.line, column: head.column };
  for (const s of statements) {
    if (text !== '') {
      text += ';';
      at = { line: at.line, column: at.column + 1 };
      if (s.line > at.line) text += `${'\n'.repeat(s.line - at.line)}${' '.repeat(s.column - 1)}`;
      else text += ' '.repeat(Math.max(1, s.column - at.column));
    }
    text += s.text;
    at = endOf(s);
  }
  return { text, file: head.file, line: head.line, column: head.column };
}

/** Where a statement's text ends in its file (`\n`, `\r\n` and a lone `\r` each end a line). */
function endOf(s: PreparedStatement): { line: number; column: number } {
  let { line, column } = s;
  const text = s.text;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      column = 1;
    } else if (c !== 0x0d && !(c >= 0xdc00 && c <= 0xdfff)) {
      column++; // a surrogate pair is one character
    }
  }
  return { line, column };
}
