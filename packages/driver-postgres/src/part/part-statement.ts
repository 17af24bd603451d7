/**
 * A statement of a migration part as prepare.ts decides about it: what split it (the parser or the
 * lexical scan) and the PreparedStatement core will be handed. Made here only, so that both ways
 * of splitting a part produce the very same statements.
 */
import type { PreparedStatement } from '@godwit/core';
import type { PgBatchSql } from '../batch/rewrite.js';
import type { PostgresStatement, StatementNode } from '../sql/split.js';

/**
 * What the driver keeps with a statement: the parse trees that decide how its step runs (see
 * affectsTransaction), when it has any; no payload otherwise, so that a file of 500,000 INSERTs
 * does not keep 500,000 parse trees.
 */
export interface StatementPayload {
  nodes?: StatementNode[];
  /** a batched backfill's rewritten SQL (`-- +godwit BATCH`, batch/rewrite.ts) */
  batch?: PgBatchSql;
}

/** A statement of the part, and whether it is a StatementBegin/End block (sent as written). */
export interface PartStatement {
  statement: PostgresStatement;
  prepared: PreparedStatement;
  atomic: boolean;
}

export function partStatement(file: string, statement: PostgresStatement, atomic: boolean): PartStatement {
  const prepared: PreparedStatement = {
    text: statement.sql,
    file,
    line: statement.line,
    column: statement.column,
    ...(statement.nodes !== undefined && statement.nodes.length > 0 && { payload: { nodes: statement.nodes } satisfies StatementPayload }),
  };
  return { statement, prepared, atomic };
}
