/**
 * Where a batched backfill may run, decided once for every driver after its `prepare`: each batch
 * commits on its own, so a step holding one runs outside a transaction (dirty until done, resumable)
 * whatever the file says, and cannot join PostgreSQL's --single-transaction.
 */
import type { Driver, PreparedStep } from '../driver/contract.js';
import { GodwitError } from '../errors.js';
import type { MigrationPart } from '../migration.js';

/** Refuse a BATCH directive the driver cannot run, before anything runs. */
export function checkBatchSupport(driver: Driver, part: MigrationPart, version: number): void {
  const batched = part.kind === 'sql' ? part.chunks.find((c) => c.batch) : undefined;
  if (!batched) return;
  if (!driver.capabilities.batches) {
    throw new GodwitError('FORMAT_NOT_SUPPORTED', `\`-- +godwit BATCH\` (batched backfills) is not supported by the ${driver.name} driver`, {
      file: part.file,
      line: batched.line,
      version,
      hint: 'remove the BATCH line and batch the statement yourself (a LIMITed UPDATE in a NO TRANSACTION migration, run until it touches no row)',
    });
  }
  if (driver.capabilities.oneTransactionPerRun) {
    throw new GodwitError('NOT_IN_TRANSACTION', `migration ${version} holds a batched backfill (each batch commits on its own), so it cannot join --single-transaction`, {
      file: part.file,
      line: batched.line,
      version,
      hint: 'run without --single-transaction, or apply this migration on its own first (godwit up-to)',
    });
  }
}

/** A prepared step holding a batched statement runs outside a transaction, with a note saying why. */
export function asBatchedStep(step: PreparedStep): PreparedStep {
  const batched = step.statements.filter((s) => s.batch);
  if (batched.length === 0) return step;
  const why = `${batched.length} batched backfill(s): each batch commits on its own, with dirty marking and progress`;
  return { ...step, transactional: false, note: step.note && !step.transactional ? `${step.note}; ${why}` : why };
}
