/**
 * golang-migrate pair files (`V_name.up.sql`, `V_name.down.sql`): the whole file is one part.
 * They carry no annotations by convention, but a `-- +goose NO TRANSACTION` line, StatementBegin /
 * StatementEnd blocks and ENVSUB are honoured, through the same scanner as goose files.
 */
import type { MigrationLimits, MigrationPhase, SqlPart } from '../migration.js';
import { type LineRange, scanAnnotatedSql, toPart } from './goose-parser.js';

export interface PairFile {
  part: SqlPart;
  noTransaction: boolean;
  /** `-- +godwit PHASE ...`: read from the up file (a down file's is ignored) */
  phase?: MigrationPhase;
  limits?: MigrationLimits;
  envsub: LineRange[];
}

export function parsePairFile(text: string, file: string): PairFile {
  const scan = scanAnnotatedSql(text, file, 'pair');
  return {
    part: toPart(scan.sections.up!.chunks, file, scan.noTransaction),
    noTransaction: scan.noTransaction,
    ...(scan.phase && { phase: scan.phase }),
    ...(scan.limits && { limits: scan.limits }),
    envsub: scan.envsub,
  };
}
