/**
 * From a loaded migration part to the statements the driver will send, and the decision whether
 * the step runs in a transaction. Everything that would fail for a structural reason fails here,
 * before the runner applies the first step:
 * - a statement PostgreSQL refuses inside a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...)
 *   in a transactional migration is refused, pointing at `-- +goose NO TRANSACTION`; except a
 *   golang-migrate pair file made only of such statements, which has no way to say so and runs
 *   outside a transaction on its own (with dirty marking);
 * - a file with its own BEGIN/COMMIT runs as written, never nested in ours, with dirty marking;
 * - with singleTransaction, anything that cannot join the run's one transaction is refused.
 */
import { GodwitError, type LoadedMigration, type Migration, type PreparedStatement, type PreparedStep, type SqlPart } from '@godwit/core';
import { affectsTransaction, needsServerVersion, outsideTransactionOnly, transactionControl } from './sql/classify.js';
import { atomicStatement, type PostgresStatement, type StatementNode, splitPostgres } from './sql/split.js';

export interface PrepareOptions {
  singleTransaction: boolean;
  /** server_version_num, asked only when a statement's rules depend on it */
  serverVersion: () => Promise<number>;
}

/**
 * What the driver keeps with a statement: the parse trees that decide how its step runs (see
 * affectsTransaction), when it has any; no payload otherwise, so that a file of 500,000 INSERTs
 * does not keep 500,000 parse trees.
 */
export interface StatementPayload {
  nodes?: StatementNode[];
}

const NO_TRANSACTION_HINT = 'add a line `-- +goose NO TRANSACTION` to the file so it runs outside a transaction (with dirty marking)';

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
  const statements = await splitPart(part);
  const prepared: PreparedStatement[] = statements.map((s) => ({
    text: s.sql,
    file: part.file,
    line: s.line,
    column: s.column,
    ...(s.nodes !== undefined && s.nodes.length > 0 && { payload: { nodes: s.nodes } satisfies StatementPayload }),
  }));
  const base = { direction, migration, statements: prepared };

  const ownTransaction = checkOwnTransaction(statements, part.file, migration.version);
  const serverVersion = statements.some((s) => s.nodes?.some(needsServerVersion)) ? await options.serverVersion() : undefined;
  const outside = statements.flatMap((s) => {
    const what = s.nodes?.map((n) => outsideTransactionOnly(n, serverVersion)).find((w) => w !== undefined);
    return what === undefined ? [] : [{ statement: s, what }];
  });

  if (options.singleTransaction && (part.noTransaction || ownTransaction || outside.length > 0)) {
    const where = outside[0]?.statement ?? ownTransaction ?? statements[0];
    const why = part.noTransaction
      ? 'is marked NO TRANSACTION'
      : ownTransaction
        ? 'manages its own transaction (BEGIN/COMMIT inside)'
        : `holds ${outside[0]!.what}, which cannot run inside a transaction`;
    throw new GodwitError('NOT_IN_TRANSACTION', `migration ${migration.version} ${why}, so it cannot join --single-transaction`, {
      file: part.file,
      ...(where && { line: where.line, column: where.column }),
      version: migration.version,
      hint: 'run without --single-transaction, or apply this migration on its own first (godwit up-to)',
    });
  }

  if (part.noTransaction) return { ...base, transactional: false, note: 'NO TRANSACTION: runs statement by statement, with dirty marking' };
  if (ownTransaction) {
    return {
      ...base,
      transactional: false,
      note: 'the file manages its own transaction (BEGIN/COMMIT inside): run as written, with dirty marking',
    };
  }
  if (outside.length > 0) {
    if (migration.format === 'pair' && outside.length === statements.length) {
      const what = [...new Set(outside.map((o) => o.what))].join(', ');
      return { ...base, transactional: false, note: `${what} cannot run in a transaction: runs outside one, with dirty marking` };
    }
    const first = outside[0]!;
    throw new GodwitError('NOT_IN_TRANSACTION', `${first.what} cannot run inside a transaction, and this migration runs in one`, {
      file: part.file,
      line: first.statement.line,
      column: first.statement.column,
      version: migration.version,
      hint:
        migration.format === 'pair'
          ? `move it to a migration file of its own (a pair file holding only such statements runs outside a transaction), or ${NO_TRANSACTION_HINT}`
          : NO_TRANSACTION_HINT,
    });
  }
  return { ...base, transactional: true };
}

async function splitPart(part: SqlPart): Promise<PostgresStatement[]> {
  const out: PostgresStatement[] = [];
  for (const chunk of part.chunks) {
    const where = { file: part.file, line: chunk.line, keepNode: affectsTransaction };
    if (chunk.atomic) {
      const s = await atomicStatement(chunk.text, where);
      if (s) out.push(s);
    } else {
      // not push(...statements): a chunk may hold more statements than a call has room for arguments
      for (const s of await splitPostgres(chunk.text, where)) out.push(s);
    }
  }
  return out;
}

/**
 * The statement with the file's own BEGIN, if it has one; the file must close every transaction it
 * opens, or our bookkeeping after it would land inside the file's transaction.
 */
function checkOwnTransaction(statements: PostgresStatement[], file: string, version: number): PostgresStatement | undefined {
  let first: PostgresStatement | undefined;
  let open: PostgresStatement | undefined;
  for (const s of statements) {
    for (const node of s.nodes ?? []) {
      const control = transactionControl(node);
      if (control === undefined) continue;
      first ??= s;
      open = control === 'begin' ? s : undefined;
    }
  }
  if (open) {
    throw new GodwitError('PARSE_ERROR', 'the file opens a transaction (BEGIN) and never closes it', {
      file,
      line: open.line,
      column: open.column,
      version,
      hint: 'add COMMIT; after the last statement of that transaction',
    });
  }
  return first;
}
