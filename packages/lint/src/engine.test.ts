import type { Migration } from '@godwit/core';
import { describe, expect, it } from 'vitest';
import { factsFrom } from './postgres/facts.js';
import { goose, lintFiles, rulesFound } from './__fixtures__/lint-files.js';

const CREATE = '-- +goose Up\nCREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, status text);\n';
const INDEX = goose('CREATE INDEX orders_status_idx ON orders (status);');

describe('history', () => {
  it('a table created in an earlier file of the batch is new', async () => {
    const files = { '000001_create.sql': CREATE, '000002_index.sql': INDEX };
    expect(await rulesFound(files, { batch: true })).toEqual([]);
  });

  it('without a batch, earlier files count as applied: the table exists', async () => {
    const files = { '000001_create.sql': CREATE, '000002_index.sql': INDEX };
    expect(await rulesFound(files)).toContain('require-concurrent-index-creation');
  });

  it('flags a migration the branch adds below the base branch as non-linear', async () => {
    const base = { ref: 'origin/main', highestVersion: 5, added: (m: Migration) => m.version === 3 };
    const findings = await lintFiles({ '000003_late.sql': goose('SELECT 1;'), '000006_ok.sql': goose('SELECT 1;') }, { base });
    expect(findings.map((f) => [f.file, f.rule, f.severity])).toEqual([['000003_late.sql', 'non-linear', 'error']]);
    expect(findings[0]!.message).toContain('below 5, already in origin/main');
  });
});

describe('suppression', () => {
  it('an ignore on the line before a statement silences that rule there only', async () => {
    const up = [
      '-- godwit:ignore ban-drop-column -- unused since v42',
      'ALTER TABLE orders DROP COLUMN legacy;',
      'ALTER TABLE orders DROP COLUMN other;',
    ].join('\n');
    const findings = await lintFiles({ '000001_m.sql': goose(up) }, { runLockTimeoutMs: 5000 });
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['ban-drop-column', 4]]);
  });

  it('ignore-file silences the rules for the whole file; several ids with commas', async () => {
    const up = '-- godwit:ignore-file ban-drop-column, renaming-column\nALTER TABLE orders DROP COLUMN a;\nALTER TABLE orders RENAME COLUMN b TO c;';
    expect(await rulesFound({ '000001_m.sql': goose(up) }, { runLockTimeoutMs: 5000 })).toEqual([]);
  });

  it('an ignore that suppresses nothing, or names an unknown rule, is a warning', async () => {
    const up = '-- godwit:ignore ban-drop-table -- not needed\nSELECT 1;\n-- godwit:ignore no-such-rule\nSELECT 2;';
    const findings = await lintFiles({ '000001_m.sql': goose(up) });
    expect(findings.map((f) => [f.rule, f.severity, f.line])).toEqual([
      ['unused-ignore', 'warning', 2],
      ['unused-ignore', 'warning', 4],
    ]);
    expect(findings[1]!.message).toContain('unknown rule');
  });
});

describe('settings', () => {
  it('the config turns rules off or changes their severity', async () => {
    const files = { '000001_m.sql': goose('ALTER TABLE orders DROP COLUMN a;') };
    expect(await rulesFound(files, { rules: { 'ban-drop-column': 'off', 'require-lock-timeout': 'off' } })).toEqual([]);
    const findings = await lintFiles(files, { rules: { 'ban-drop-column': 'warning' }, runLockTimeoutMs: 1000 });
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
  });

  it("the run's --lock-timeout satisfies require-lock-timeout", async () => {
    const files = { '000001_m.sql': goose('ALTER TABLE orders ADD COLUMN note text;') };
    expect(await rulesFound(files)).toEqual(['require-lock-timeout']);
    expect(await rulesFound(files, { runLockTimeoutMs: 5000 })).toEqual([]);
  });

  it('table sizes go into the message; a small table turns a lock error into a warning', async () => {
    const facts = factsFrom(160000, [
      { schema: 'public', name: 'orders', rows: 12_300_000, bytes: 3.1 * 1024 ** 3, visible: true },
      { schema: 'public', name: 'tiny', rows: 40, bytes: 16384, visible: true },
    ]);
    const files = { '000001_m.sql': goose('CREATE INDEX a ON orders (status);\nCREATE INDEX b ON tiny (x);') };
    const findings = (await lintFiles(files, { facts, runLockTimeoutMs: 1 })).map((f) => [f.severity, f.message]);
    expect(findings).toEqual([
      ['error', 'orders: ~12M rows, 3.1 GB: CREATE INDEX without CONCURRENTLY blocks writes to the table (SHARE lock) until the index is built'],
      ['warning', 'tiny: ~40 rows, 16 kB: CREATE INDEX without CONCURRENTLY blocks writes to the table (SHARE lock) until the index is built (a warning: fewer than 10,000 rows)'],
    ]);
  });
});

describe('transactions', () => {
  it('a golang-migrate pair of only CONCURRENTLY statements runs outside a transaction by itself', async () => {
    const files = { '000001_idx.up.sql': 'CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON orders (status);\n' };
    expect(await rulesFound(files)).toEqual([]);
  });

  it("CONCURRENTLY inside the file's own BEGIN in a NO TRANSACTION file is refused too", async () => {
    const up = 'BEGIN;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON orders (status);\nCOMMIT;';
    expect(await rulesFound({ '000001_m.sql': goose(up, { noTransaction: true }) })).toEqual(['ban-concurrent-index-creation-in-transaction']);
  });

  it('VALIDATE CONSTRAINT in the transaction that added it NOT VALID gains nothing', async () => {
    const up = "ALTER TABLE orders ADD CONSTRAINT c CHECK (status <> '') NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT c;";
    expect(await rulesFound({ '000001_m.sql': goose(up) }, { runLockTimeoutMs: 1 })).toEqual(['constraint-missing-not-valid']);
  });

  it('using an enum value in the transaction that added it fails (PostgreSQL 12+)', async () => {
    const up = "ALTER TYPE s ADD VALUE 'refunded' AFTER 'paid';\nUPDATE orders SET status = 'refunded' WHERE id = 1;";
    const findings = await lintFiles({ '000001_m.sql': goose(up) });
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['add-enum-value-in-transaction', 3]]);
  });

  it('a syntax error is a finding at its position, and the other files are still linted', async () => {
    const files = { '000001_bad.sql': goose('SELEC 1;'), '000002_m.sql': goose('TRUNCATE orders CASCADE;') };
    const findings = await lintFiles(files, { runLockTimeoutMs: 1 });
    expect(findings.map((f) => [f.file, f.rule, f.line])).toEqual([
      ['000001_bad.sql', 'parse-error', 2],
      ['000002_m.sql', 'ban-truncate-cascade', 2],
    ]);
  });
});
