import { describe, expect, it } from 'vitest';
import type { Driver, PreparedStep } from '../driver/contract.js';
import type { Migration, SqlPart } from '../migration.js';
import { asBatchedStep, checkBatchSupport } from './batched-step.js';

const part: SqlPart = {
  kind: 'sql',
  file: 'db/3_backfill.sql',
  chunks: [
    { text: 'ALTER TABLE t ADD COLUMN b int;\n', line: 2, atomic: false },
    { text: 'UPDATE t SET b = a WHERE b IS NULL;\n', line: 4, atomic: false, batch: { size: 10, delayMs: 0 } },
  ],
  noTransaction: false,
  empty: false,
};
const driver = (capabilities: Partial<Driver['capabilities']>) =>
  ({ name: 'memory', capabilities: { transactionalDdl: true, serverSideLocks: false, partKinds: ['sql'], ...capabilities } }) as Driver;

describe('checkBatchSupport', () => {
  it('refuses BATCH on a driver without batches, at the directive line', () => {
    expect(() => checkBatchSupport(driver({}), part, 3)).toThrow('`-- +godwit BATCH` (batched backfills) is not supported by the memory driver');
    expect(() => checkBatchSupport(driver({}), part, 3)).toThrow(expect.objectContaining({ code: 'FORMAT_NOT_SUPPORTED', line: 4 }));
  });
  it('refuses BATCH under one transaction per run, and accepts it otherwise', () => {
    expect(() => checkBatchSupport(driver({ batches: true, oneTransactionPerRun: true }), part, 3)).toThrow(expect.objectContaining({ code: 'NOT_IN_TRANSACTION' }));
    expect(() => checkBatchSupport(driver({ batches: true }), part, 3)).not.toThrow();
    expect(() => checkBatchSupport(driver({}), { ...part, chunks: [part.chunks[0]!] }, 3)).not.toThrow();
  });
});

describe('asBatchedStep', () => {
  const statement = { text: 'UPDATE t SET b = a WHERE b IS NULL', file: part.file, line: 4, column: 1 };
  const step: PreparedStep = { direction: 'up', migration: { version: 3 } as Migration, statements: [statement], transactional: true };
  it('takes a step holding a batch out of its transaction, saying why', () => {
    const batched = asBatchedStep({ ...step, statements: [{ ...statement, batch: { size: 10, delayMs: 0 } }] });
    expect(batched).toMatchObject({ transactional: false, note: '1 batched backfill(s): each batch commits on its own, with dirty marking and progress' });
    const noTx = asBatchedStep({ ...step, transactional: false, note: 'NO TRANSACTION', statements: [{ ...statement, batch: { size: 10, delayMs: 0 } }] });
    expect(noTx.note).toBe('NO TRANSACTION; 1 batched backfill(s): each batch commits on its own, with dirty marking and progress');
    expect(asBatchedStep(step)).toBe(step);
  });
});
