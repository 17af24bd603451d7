/**
 * From a loaded migration part to the statements the driver will send, and the decision whether
 * the step runs in a transaction. Everything that would fail for a structural reason fails here,
 * before the runner applies the first step:
 * - a statement PostgreSQL refuses inside a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...)
 *   in a transactional migration is refused, pointing at `-- +goose NO TRANSACTION`; except a
 *   golang-migrate pair file made only of such statements, which has no way to say so and runs
 *   outside a transaction on its own (with dirty marking);
 * - a file with its own BEGIN/COMMIT (see core's fileTransactions): one block around the whole
 *   file runs in our transaction instead (its BEGIN and COMMIT dropped); several blocks run one
 *   unit per block (one simple query each), with dirty marking and progress per unit; anything
 *   else runs as written, statement by statement, with dirty marking;
 * - with singleTransaction, anything that cannot join the run's one transaction is refused.
 *
 * It needs no connection, unless a statement's rules depend on the server version (ALTER TYPE ...
 * ADD VALUE) and `serverVersion` is given: `godwit validate --driver postgres` prepares with none.
 *
 * A part is split one of two ways, with the same statements and so the same decisions: by the
 * lexical scan (part/scanned-part.ts) when every statement is certainly plain and `checkSyntax`
 * confirms the text parses, so the bundled parser is not loaded; otherwise by the bundled parser
 * (part/parsed-part.ts), which also reports any syntax error.
 */
import {
  fileTransactions,
  GodwitError,
  joinStatements,
  type LoadedMigration,
  type Migration,
  type PreparedStatement,
  type PreparedStep,
  type SqlPart,
  type TransactionControlKind,
} from '@godwit/core';
import { parsedPart } from './part/parsed-part.js';
import type { PartStatement, StatementPayload } from './part/part-statement.js';
import { scannedPart } from './part/scanned-part.js';
import { needsServerVersion, outsideTransactionOnly, transactionControl } from './sql/classify.js';

export interface PrepareOptions {
  singleTransaction: boolean;
  /**
   * server_version_num, asked only when a statement's rules depend on it; without it (no
   * database) a current server is assumed
   */
  serverVersion?: () => Promise<number>;
  /**
   * Whether every text parses, asked of a parser other than the bundled one (the server's,
   * session/syntax-probe.ts) so that a part of plain statements is prepared without loading it.
   * Nothing may run. Anything but true (a syntax error, no answer) sends the part to the bundled
   * parser, which reports the error as always. Without it every part goes to the bundled parser.
   */
  checkSyntax?: (texts: string[]) => Promise<boolean>;
}

const NO_TRANSACTION_HINT = 'add a line `-- +goose NO TRANSACTION` to the file so it runs outside a transaction (with dirty marking)';
const SINGLE_TRANSACTION_HINT = 'run without --single-transaction, or apply this migration on its own first (godwit up-to)';

export async function prepareStep(
  migration: Migration,
  loaded: LoadedMigration,
  direction: 'up' | 'down',
  options: PrepareOptions,
): Promise<PreparedStep> {
  const part = direction === 'up' ? loaded.up : loaded.down;
  if (!part) {
    throw new GodwitError('IRREVERSIBLE', `migration ${migration.version} has no down part`, {
      file: migration.file,
      version: migration.version,
    });
  }
  if (part.kind !== 'sql') {
    throw new GodwitError('FORMAT_NOT_SUPPORTED', 'JSON command migrations cannot run on PostgreSQL', {
      file: part.file,
      version: migration.version,
      hint: 'JSON command migrations are for MongoDB; point --database at a mongodb:// URL',
    });
  }
  const all = (await scannedStatements(part, options)) ?? (await parsedPart(part, migration.version));
  const serverVersion =
    options.serverVersion && all.some((s) => s.statement.nodes?.some(needsServerVersion)) ? await options.serverVersion() : undefined;
  const outsideOnly = (s: PartStatement) =>
    s.statement.nodes?.map((n) => outsideTransactionOnly(n, serverVersion)).find((w) => w !== undefined);
  const refuse = (why: string, where: PartStatement | undefined, hint: string) =>
    new GodwitError('NOT_IN_TRANSACTION', why, {
      file: part.file,
      ...(where && { line: where.statement.line, column: where.statement.column }),
      version: migration.version,
      hint,
    });
  const notJoinable = (why: string, where: PartStatement | undefined) =>
    refuse(`migration ${migration.version} ${why}, so it cannot join --single-transaction`, where, SINGLE_TRANSACTION_HINT);

  const own = fileTransactions(all, controlOf, { whole: !part.noTransaction });
  if (own.shape === 'unclosed') {
    throw new GodwitError('PARSE_ERROR', 'the file opens a transaction (BEGIN) and never closes it', {
      file: part.file,
      line: own.begin.statement.line,
      column: own.begin.statement.column,
      version: migration.version,
      hint: 'add COMMIT; after the last statement of that transaction',
    });
  }

  if (own.shape === 'whole') {
    // The file's BEGIN ... COMMIT becomes ours: its body and the version row commit together.
    const body = own.body;
    const inside = body.find((s) => outsideOnly(s) !== undefined);
    if (inside) {
      throw refuse(`${outsideOnly(inside)} cannot run inside a transaction, and this file wraps itself in one (BEGIN ... COMMIT)`, inside, 'move it to a migration of its own, outside BEGIN ... COMMIT, with `-- +goose NO TRANSACTION`');
    }
    return { direction, migration, statements: body.map((s) => s.prepared), transactional: true };
  }

  if (own.shape === 'blocks') {
    if (options.singleTransaction) {
      throw notJoinable(`runs ${own.blocks} transaction block(s) of its own (BEGIN ... COMMIT)`, own.units.find((u) => u.length > 1)?.[0]);
    }
    for (const unit of own.units) {
      const inside = unit.length > 1 ? unit.find((s) => outsideOnly(s) !== undefined) : undefined;
      if (inside) {
        throw refuse(`${outsideOnly(inside)} cannot run inside a transaction, and this one is inside the file's own BEGIN ... COMMIT`, inside, 'move it out of the BEGIN ... COMMIT block');
      }
    }
    return {
      direction,
      migration,
      statements: own.units.map(unitStatement),
      transactional: false,
      note: `the file runs ${own.blocks} transaction block(s) of its own: each BEGIN ... COMMIT is sent as one unit, with dirty marking and progress per unit`,
    };
  }

  const statements = all.map((s) => s.prepared);
  const base = { direction, migration, statements };
  const outside = all.flatMap((s) => {
    const what = outsideOnly(s);
    return what === undefined ? [] : [{ statement: s, what }];
  });
  const ownTransaction = own.shape === 'as-written' ? own : undefined;

  if (options.singleTransaction && (part.noTransaction || ownTransaction || outside.length > 0)) {
    const why = part.noTransaction
      ? 'is marked NO TRANSACTION'
      : ownTransaction
        ? `manages its own transaction (BEGIN/COMMIT inside) and ${ownTransaction.reason}`
        : `holds ${outside[0]!.what}, which cannot run inside a transaction`;
    throw notJoinable(why, outside[0]?.statement ?? ownTransaction?.first ?? all[0]);
  }

  if (part.noTransaction) return { ...base, transactional: false, note: 'NO TRANSACTION: runs statement by statement, with dirty marking' };
  if (ownTransaction) {
    return {
      ...base,
      transactional: false,
      note: `the file manages its own transaction (BEGIN/COMMIT inside) and ${ownTransaction.reason}: run as written, statement by statement, with dirty marking`,
    };
  }
  if (outside.length > 0) {
    if (migration.format === 'pair' && outside.length === statements.length) {
      const what = [...new Set(outside.map((o) => o.what))].join(', ');
      return { ...base, transactional: false, note: `${what} cannot run in a transaction: runs outside one, with dirty marking` };
    }
    const first = outside[0]!;
    throw refuse(
      `${first.what} cannot run inside a transaction, and this migration runs in one`,
      first.statement,
      migration.format === 'pair'
        ? `move it to a migration file of its own (a pair file holding only such statements runs outside a transaction), or ${NO_TRANSACTION_HINT}`
        : NO_TRANSACTION_HINT,
    );
  }
  return { ...base, transactional: true };
}

/** Transaction control, as core's fileTransactions asks; a StatementBegin/End block holding any cannot be regrouped. */
function controlOf(s: PartStatement): TransactionControlKind | undefined {
  const controls = (s.statement.nodes ?? []).map(transactionControl).filter((c) => c !== undefined);
  if (controls.length === 0) return undefined;
  return s.atomic ? 'other' : controls[0];
}

/** One unit of a file with several transaction blocks: a lone statement, or a block sent whole. */
function unitStatement(unit: PartStatement[]): PreparedStatement {
  if (unit.length === 1) return unit[0]!.prepared;
  const nodes = unit.flatMap((s) => s.statement.nodes ?? []);
  return { ...joinStatements(unit.map((s) => s.prepared)), ...(nodes.length > 0 && { payload: { nodes } satisfies StatementPayload }) };
}

/** The part by the lexical scan, when it may be split so and the text is confirmed to parse (see the file comment). */
async function scannedStatements(part: SqlPart, options: PrepareOptions): Promise<PartStatement[] | undefined> {
  if (!options.checkSyntax) return undefined;
  const scanned = scannedPart(part);
  if (!scanned) return undefined;
  if (scanned.syntax.length > 0 && !(await options.checkSyntax(scanned.syntax))) return undefined;
  return scanned.statements;
}
