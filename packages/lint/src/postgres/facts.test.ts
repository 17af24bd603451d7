/** The database-aware message, on real PostgreSQL tables: sizes from pg_class, small tables warned. */
import { perTest } from '@godwit/test-kit/per-test';
import { admin, createTestDatabase, describePostgres } from '@godwit/test-kit/postgres';
import { expect, it } from 'vitest';
import { goose, lintFiles } from '../__fixtures__/lint-files.js';
import { readPostgresFacts } from './facts.js';

describePostgres('table sizes from a live database', () => {
  const db = perTest(() => createTestDatabase('lint'), (d) => d.drop());

  it('puts rows and size in the message, and warns instead of failing on a small table', async () => {
    await db.query('CREATE TABLE orders (id bigint PRIMARY KEY, status text)');
    await db.query("INSERT INTO orders SELECT g, 'paid' FROM generate_series(1, 25000) g");
    await db.query('CREATE TABLE tiny (id bigint, x text)');
    await db.query("INSERT INTO tiny VALUES (1, 'a')");
    await db.query('ANALYZE orders');
    await db.query('ANALYZE tiny');

    const facts = await readPostgresFacts(db.url);
    expect(facts.serverVersion).toBeGreaterThanOrEqual(120000);
    const findings = await lintFiles(
      { '000001_m.sql': goose('ALTER TABLE orders ALTER COLUMN status TYPE varchar(20);\nALTER TABLE tiny ALTER COLUMN x TYPE varchar(20);') },
      { facts, runLockTimeoutMs: 1000 },
    );
    const changed = findings.filter((f) => f.rule === 'changing-column-type');
    expect(changed.map((f) => f.severity)).toEqual(['error', 'warning']);
    expect(changed[0]!.message).toMatch(/^orders: ~25k rows, \d+(\.\d)? MB: ALTER COLUMN status TYPE rewrites the table and its indexes, holding ACCESS EXCLUSIVE/);
    expect(changed[1]!.message).toMatch(/^tiny: ~1 rows, \d+ kB: .*\(a warning: fewer than 10,000 rows\)$/);
  });

  it('reads the sizes from the catalogs alone: a table locked ACCESS EXCLUSIVE by another session does not hold it up', async () => {
    await db.query('CREATE TABLE busy (id bigint)');
    await db.query('ANALYZE busy');
    await admin(async (holder) => {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE busy IN ACCESS EXCLUSIVE MODE');
      // Opening the table (pg_total_relation_size) would wait here until the holder commits.
      const facts = await readPostgresFacts(db.url);
      expect(facts.table('busy')).toMatchObject({ rows: expect.any(Number), bytes: expect.any(Number) });
      await holder.query('COMMIT');
    }, db.url);
  });

  it('a connection failure names no password', async () => {
    const url = db.url.replace('postgres@', 'postgres:s3cret@').replace(/\/[^/]+$/, '/no_such_database_here');
    const error = await readPostgresFacts(url, ['s3cret']).catch((e: Error) => e);
    expect(String(error)).toContain('cannot read table sizes');
    expect(String(error)).not.toContain('s3cret');
  });
});
