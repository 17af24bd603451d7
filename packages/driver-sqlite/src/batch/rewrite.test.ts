import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { rewriteBatch } from './rewrite.js';

const where = { file: 'm/1_backfill.sql', line: 4, version: 1 };

describe('rewriteBatch (SQLite)', () => {
  it('limits an UPDATE to a batch of rowids, keeping its SET and predicate as written (a trailing comment dropped)', () => {
    const b = rewriteBatch("UPDATE OR IGNORE main.users AS u SET name = fullname WHERE name IS NULL AND note <> 'x where' -- rest", 100, where);
    expect(b.batchSql).toBe(
      "UPDATE OR IGNORE main.users AS u SET name = fullname WHERE rowid IN (SELECT rowid FROM main.users AS u WHERE (name IS NULL AND note <> 'x where'\n) LIMIT 100)",
    );
    expect(b.countSql).toBe("SELECT count(*) AS n FROM main.users AS u WHERE (name IS NULL AND note <> 'x where'\n)");
  });

  it('batches DELETE and INSERT ... SELECT, and the result runs on SQLite', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, done INT); CREATE TABLE t2 (id INT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25) INSERT INTO t SELECT i, NULL FROM n');
    const ins = rewriteBatch('INSERT INTO t2 (id) SELECT id FROM t WHERE id NOT IN (SELECT id FROM t2 WHERE id IS NOT NULL)', 10, where);
    const runs = [1, 2, 3, 4].map(() => db.prepare(ins.batchSql).run().changes);
    expect(runs).toEqual([10, 10, 5, 0]);
    const del = rewriteBatch('DELETE FROM "t" WHERE (id IN (SELECT id FROM t2 WHERE id > 20))', 3, where);
    expect(db.prepare(del.countSql).get()).toEqual({ n: 5 });
    expect([1, 2, 3].map(() => db.prepare(del.batchSql).run().changes)).toEqual([3, 2, 0]);
  });

  it.each([
    ['UPDATE t SET a = 1', 'needs a WHERE'],
    ['UPDATE t SET a = s.a FROM s WHERE s.id = t.id', 'UPDATE ... FROM'],
    ['DELETE FROM t WHERE a RETURNING *', 'RETURNING'],
    ['UPDATE t SET a = 1 WHERE a IS NULL LIMIT 5', 'LIMIT'],
    ['CREATE TABLE x (a int)', 'cannot batch CREATE'],
    ['INSERT INTO t VALUES (1)', 'INSERT ... VALUES'],
    ['WITH x AS (SELECT 1) DELETE FROM t WHERE a IN x', 'WITH'],
  ])('refuses %s with a clear error at the file line', (sql, message) => {
    let error: unknown;
    try {
      rewriteBatch(sql, 10, where);
    } catch (e) {
      error = e;
    }
    expect(String(error)).toContain(message);
    expect(String(error)).toContain('m/1_backfill.sql:4');
  });
});
