/**
 * Turns a loaded migration part into the statements the driver will run, and decides whether they
 * run inside one transaction with the store rows. Everything it rejects is rejected before the
 * runner applies the first step of a plan. It opens no database (the syntax check uses a private
 * in-memory one), so `godwit validate --driver sqlite` runs it on files alone.
 *
 * A file with its own BEGIN/COMMIT (see core's fileTransactions): one block around the whole file
 * runs in our transaction instead (its BEGIN and COMMIT dropped); several blocks run one unit per
 * block (one exec each), recorded dirty with progress per unit; anything else runs as written,
 * statement by statement, recorded dirty until it finishes.
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
  splitSql,
} from '@godwit/core';
import { rewriteBatch, type SqliteBatchSql } from '../batch/rewrite.js';
import { refusedInTransaction, transactionControl } from './classify.js';
import { checkSyntax } from './syntax.js';

export function prepareStep(migration: Migration, loaded: LoadedMigration, direction: 'up' | 'down'): PreparedStep {
  const part = direction === 'up' ? loaded.up : loaded.down;
  if (!part) {
    throw new GodwitError('IRREVERSIBLE', `migration ${migration.version} (${migration.name}) has no down part`, {
      file: migration.file,
      version: migration.version,
      hint: 'add a -- +goose Down section (or a .down.sql file) to make it reversible',
    });
  }
  if (part.kind !== 'sql') {
    throw new GodwitError('FORMAT_NOT_SUPPORTED', `${part.file} is a JSON command migration, which SQLite cannot run`, {
      file: part.file,
      version: migration.version,
      hint: 'JSON command migrations are for MongoDB; write SQLite migrations as .sql files',
    });
  }

  // Atomic chunks (StatementBegin/End) come back from the splitter as one statement each.
  const atomic = new Set<PreparedStatement>();
  const statements: PreparedStatement[] = part.chunks.flatMap((chunk) =>
    splitSql(chunk, part.file).map((s, i) => {
      const statement: PreparedStatement = { text: s.sql, file: part.file, line: s.line, column: s.column };
      if (chunk.atomic) atomic.add(statement);
      // `-- +godwit BATCH`: the chunk's first statement is a batched backfill (core runs its batches).
      if (chunk.batch && i === 0) {
        statement.batch = chunk.batch;
        statement.payload = rewriteBatch(s.sql, chunk.batch.size, { file: part.file, line: s.line, version: migration.version }) satisfies SqliteBatchSql;
      }
      return statement;
    }),
  );
  // A statement SQLite cannot parse fails here, before the run applies anything.
  checkSyntax(part, statements, migration.version, atomic);
  const base = { direction, migration, statements };

  // A StatementBegin/End block holding transaction control is sent as written: it cannot be regrouped.
  const controlOf = (s: PreparedStatement) => {
    const control = transactionControl(s.text);
    return control !== undefined && atomic.has(s) ? 'other' : control;
  };
  const own = fileTransactions(statements, controlOf, { whole: !part.noTransaction });
  if (own.shape === 'unclosed') {
    throw new GodwitError('PARSE_ERROR', 'the file opens a transaction (BEGIN) and never closes it', {
      file: part.file,
      line: own.begin.line,
      column: own.begin.column,
      version: migration.version,
      hint: 'add COMMIT; after the last statement of that transaction',
    });
  }
  if (own.shape === 'whole') {
    // The file's BEGIN ... COMMIT becomes ours: its body and the version row commit together.
    const inside = own.body.find((s) => refusedInTransaction(s.text) !== undefined);
    if (inside) throw notInTransaction(part, inside);
    return { ...base, statements: own.body, transactional: true };
  }
  if (own.shape === 'blocks') {
    for (const unit of own.units) {
      const inside = unit.length > 1 ? unit.find((s) => refusedInTransaction(s.text) !== undefined) : undefined;
      if (inside) throw notInTransaction(part, inside);
    }
    return {
      ...base,
      statements: own.units.map((unit) => (unit.length === 1 ? unit[0]! : joinStatements(unit))),
      transactional: false,
      note: `the file runs ${own.blocks} transaction block(s) of its own: each BEGIN ... COMMIT is sent as one unit, recorded dirty with progress per unit`,
    };
  }

  if (part.noTransaction) return { ...base, transactional: false, note: 'NO TRANSACTION: runs statement by statement, recorded dirty until it finishes' };

  if (own.shape === 'as-written') {
    return {
      ...base,
      transactional: false,
      note: `the file manages its own transaction (${firstLine(own.first.text)} at line ${own.first.line}) and ${own.reason}: it runs as written, statement by statement, recorded dirty until it finishes`,
    };
  }

  const refused = statements.filter((s) => refusedInTransaction(s.text) !== undefined);
  const first = refused[0];
  if (first) {
    // A golang-migrate pair file has no directive to ask for this; like goose does for PostgreSQL's
    // CREATE INDEX CONCURRENTLY, a file holding nothing but such statements runs outside one.
    if (migration.format === 'pair' && refused.length === statements.length) {
      return { ...base, transactional: false, note: `${refusedInTransaction(first.text)} cannot run in a transaction: runs outside one, recorded dirty until it finishes` };
    }
    throw notInTransaction(part, first);
  }
  return { ...base, transactional: true };
}

function notInTransaction(part: SqlPart, s: PreparedStatement): GodwitError {
  const what = refusedInTransaction(s.text);
  return new GodwitError('NOT_IN_TRANSACTION', `${what} cannot run inside a transaction, and this migration runs in one`, {
    file: part.file,
    line: s.line,
    column: s.column,
    hint: 'add a line `-- +goose NO TRANSACTION` at the top of the file to run it outside a transaction (recorded dirty until it finishes)',
  });
}

function firstLine(sql: string): string {
  const line = sql.split('\n', 1)[0] ?? sql;
  return line.length > 40 ? `${line.slice(0, 40)}...` : line;
}
