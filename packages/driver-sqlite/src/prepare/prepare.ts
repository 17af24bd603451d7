/**
 * Turns a loaded migration part into the statements the driver will run, and decides whether they
 * run inside one transaction with the store rows. Everything it rejects is rejected before the
 * runner applies the first step of a plan.
 */
import {
  GodwitError,
  type LoadedMigration,
  type Migration,
  type PreparedStatement,
  type PreparedStep,
  type SqlPart,
  splitSql,
} from '@godwit/core';
import { controlsTransaction, refusedInTransaction } from './classify.js';
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
    splitSql(chunk, part.file).map((s) => {
      const statement = { text: s.sql, file: part.file, line: s.line, column: s.column };
      if (chunk.atomic) atomic.add(statement);
      return statement;
    }),
  );
  // A statement SQLite cannot parse fails here, before the run applies anything.
  checkSyntax(part, statements, migration.version, atomic);
  const base = { direction, migration, statements };

  if (part.noTransaction) return { ...base, transactional: false, note: 'NO TRANSACTION: runs statement by statement, recorded dirty until it finishes' };

  const own = statements.find((s) => controlsTransaction(s.text));
  if (own) {
    return {
      ...base,
      transactional: false,
      note: `the file manages its own transaction (${firstLine(own.text)} at line ${own.line}): it runs as written, recorded dirty until it finishes`,
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
