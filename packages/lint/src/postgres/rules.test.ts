/**
 * Every PostgreSQL rule: a file that triggers it, the safe form that passes, and (where the rule
 * is about an existing table) the same statement on a table created earlier, which is exempt.
 * Only the rule under test is looked at; `noise` rules (habits, lock_timeout) are filtered out.
 */
import { describe, expect, it } from 'vitest';
import { goose, rulesFound } from '../__fixtures__/lint-files.js';

interface Case {
  rule: string;
  bad: string;
  safe: string;
  /** the bad statement, preceded by a CREATE TABLE of its table: no finding */
  newTable?: string;
  badOptions?: { noTransaction?: boolean };
  safeOptions?: { noTransaction?: boolean };
  serverVersion?: number;
}

const CREATE_ORDERS = 'CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, status text, customer_id bigint);';

const CASES: Case[] = [
  {
    rule: 'require-concurrent-index-creation',
    bad: 'CREATE INDEX orders_status_idx ON orders (status);',
    safe: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);',
    safeOptions: { noTransaction: true },
    newTable: 'CREATE INDEX orders_status_idx ON orders (status);',
  },
  {
    rule: 'require-concurrent-index-deletion',
    bad: 'DROP INDEX orders_status_idx;',
    safe: 'DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;',
    safeOptions: { noTransaction: true },
    newTable: 'CREATE INDEX orders_status_idx ON orders (status);\nDROP INDEX orders_status_idx;',
  },
  {
    rule: 'ban-concurrent-index-creation-in-transaction',
    bad: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);',
    safe: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);',
    safeOptions: { noTransaction: true },
  },
  {
    rule: 'adding-not-nullable-field',
    bad: 'ALTER TABLE orders ADD COLUMN region text NOT NULL;',
    safe: "ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu';",
    newTable: 'ALTER TABLE orders ADD COLUMN region text NOT NULL;',
  },
  {
    rule: 'adding-field-with-default',
    bad: 'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();',
    safe: "ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();\nALTER TABLE orders ADD COLUMN note text DEFAULT 'none';",
    newTable: 'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();',
  },
  {
    rule: 'changing-column-type',
    bad: 'ALTER TABLE orders ALTER COLUMN status TYPE varchar(20);',
    safe: 'ALTER TABLE orders ADD COLUMN status_code text;',
    newTable: 'ALTER TABLE orders ALTER COLUMN status TYPE varchar(20);',
  },
  {
    rule: 'constraint-missing-not-valid',
    bad: 'ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status <> \'\');',
    safe: "ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status <> '') NOT VALID;",
    newTable: "ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status <> '');",
  },
  {
    rule: 'adding-foreign-key-constraint',
    bad: 'ALTER TABLE orders ADD COLUMN customer_ref bigint REFERENCES customers (id);',
    safe: 'ALTER TABLE orders ADD COLUMN customer_ref bigint;\nALTER TABLE orders ADD CONSTRAINT orders_customer_ref_fkey FOREIGN KEY (customer_ref) REFERENCES customers (id) NOT VALID;',
    newTable: 'ALTER TABLE orders ADD COLUMN customer_ref bigint REFERENCES customers (id);',
  },
  {
    rule: 'disallowed-unique-constraint',
    bad: 'ALTER TABLE orders ADD CONSTRAINT orders_status_key UNIQUE (status);',
    safe: 'ALTER TABLE orders ADD CONSTRAINT orders_status_key UNIQUE USING INDEX orders_status_key;',
    newTable: 'ALTER TABLE orders ADD CONSTRAINT orders_status_key UNIQUE (status);',
  },
  {
    rule: 'setting-not-null',
    bad: 'ALTER TABLE orders ALTER COLUMN status SET NOT NULL;',
    safe: 'ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) NOT VALID;',
    newTable: 'ALTER TABLE orders ALTER COLUMN status SET NOT NULL;',
  },
  {
    rule: 'ban-drop-column',
    bad: 'ALTER TABLE orders DROP COLUMN status;',
    safe: 'ALTER TABLE orders ADD COLUMN status_v2 text;',
    newTable: 'ALTER TABLE orders DROP COLUMN status;',
  },
  { rule: 'ban-drop-table', bad: 'DROP TABLE orders;', safe: 'CREATE TABLE archive (id bigint);', newTable: 'DROP TABLE orders;' },
  {
    rule: 'renaming-column',
    bad: 'ALTER TABLE orders RENAME COLUMN status TO state;',
    safe: 'ALTER TABLE orders ADD COLUMN state text;',
    newTable: 'ALTER TABLE orders RENAME COLUMN status TO state;',
  },
  { rule: 'renaming-table', bad: 'ALTER TABLE orders RENAME TO purchases;', safe: 'CREATE VIEW purchases AS SELECT * FROM orders;', newTable: 'ALTER TABLE orders RENAME TO purchases;' },
  { rule: 'ban-truncate-cascade', bad: 'TRUNCATE orders CASCADE;', safe: 'TRUNCATE orders;' },
  {
    rule: 'prefer-robust-stmts',
    bad: 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);',
    badOptions: { noTransaction: true },
    safe: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);',
    safeOptions: { noTransaction: true },
  },
  { rule: 'transaction-nesting', bad: 'BEGIN;\nUPDATE orders SET status = \'x\';\nCOMMIT;', safe: "UPDATE orders SET status = 'x';" },
  { rule: 'prefer-bigint-over-int', bad: 'CREATE TABLE items (id integer);', safe: 'CREATE TABLE items (id bigint);' },
  { rule: 'prefer-identity', bad: 'CREATE TABLE items (id bigserial PRIMARY KEY);', safe: 'CREATE TABLE items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);' },
  { rule: 'prefer-timestamptz', bad: 'CREATE TABLE items (at timestamp);', safe: 'CREATE TABLE items (at timestamptz);' },
  { rule: 'ban-char-field', bad: 'CREATE TABLE items (code char(3));', safe: 'CREATE TABLE items (code text);' },
  {
    rule: 'identifier-too-long',
    bad: `CREATE TABLE items (${'a'.repeat(64)} text);`,
    safe: `CREATE TABLE items (${'a'.repeat(63)} text);`,
  },
  {
    rule: 'require-enum-value-ordering',
    bad: "ALTER TYPE order_status ADD VALUE 'refunded';",
    safe: "ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';",
  },
  {
    rule: 'add-enum-value-in-transaction',
    bad: "ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';",
    serverVersion: 110000,
    safe: "ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'paid';",
    safeOptions: { noTransaction: true },
  },
  { rule: 'ban-vacuum-full-and-cluster', bad: 'VACUUM FULL orders;', safe: 'VACUUM orders;', safeOptions: { noTransaction: true } },
  {
    rule: 'require-lock-timeout',
    bad: 'ALTER TABLE orders ADD COLUMN note text;',
    safe: "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;",
    newTable: 'ALTER TABLE orders ADD COLUMN note text;',
  },
];

async function found(rule: string, up: string, options: { noTransaction?: boolean } = {}, serverVersion?: number): Promise<string[]> {
  const rules = await rulesFound({ '000001_m.sql': goose(up, options) }, serverVersion === undefined ? {} : { postgresVersion: serverVersion });
  return rules.filter((r) => r === rule);
}

describe.each(CASES)('$rule', (c) => {
  it('reports the unsafe form', async () => {
    expect(await found(c.rule, c.bad, c.badOptions, c.serverVersion)).toContain(c.rule);
  });
  it('passes the safe form', async () => {
    expect(await found(c.rule, c.safe, c.safeOptions, c.serverVersion)).toEqual([]);
  });
  if (c.newTable) {
    it('exempts a table created earlier in the file', async () => {
      expect(await found(c.rule, `${CREATE_ORDERS}\n${c.newTable}`, c.badOptions, c.serverVersion)).toEqual([]);
    });
  }
});
