import { describe, expect, it } from 'vitest';
import { loadParser } from '../sql/split.js';
import { rewriteBatch } from './rewrite.js';

const where = { file: 'm/1_backfill.sql', line: 4, version: 1 };
const rewrite = async (sql: string, size = 100) => rewriteBatch(await loadParser(), sql, size, where);

describe('rewriteBatch', () => {
  it('limits an UPDATE to a batch of locked rows, keeping its SET and predicate as written', async () => {
    const b = await rewrite('UPDATE public.users u SET name = fullname WHERE name IS NULL -- rows not done');
    expect(b.batchSql).toBe(
      'UPDATE public.users u SET name = fullname WHERE ("u".tableoid, "u".ctid) IN (SELECT "u".tableoid, "u".ctid FROM "public"."users" AS "u" WHERE (name IS NULL -- rows not done\n) LIMIT 100 FOR UPDATE SKIP LOCKED)',
    );
    expect(b.countSql).toBe('SELECT count(*) AS n FROM "public"."users" AS "u" WHERE (name IS NULL -- rows not done\n)');
    expect(b.table).toBe('"public"."users"');
  });

  it('finds the top-level WHERE past strings, comments and subqueries holding the word', async () => {
    const b = await rewrite("DELETE FROM ONLY t /* where */ WHERE note <> 'where' AND id IN (SELECT id FROM old WHERE gone)");
    expect(b.batchSql).toContain(`FROM ONLY "t" WHERE (note <> 'where' AND id IN (SELECT id FROM old WHERE gone)\n) LIMIT 100`);
    expect(b.batchSql.startsWith('DELETE FROM ONLY t /* where */ WHERE ("t".tableoid')).toBe(true);
  });

  it('adds a LIMIT to INSERT ... SELECT and counts its SELECT', async () => {
    const b = await rewrite('INSERT INTO t2 (a) SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM t2 WHERE t2.a = t.a)', 7);
    expect(b.batchSql).toBe('INSERT INTO t2 (a) SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM t2 WHERE t2.a = t.a)\nLIMIT 7');
    expect(b.countSql).toBe('SELECT count(*) AS n FROM (SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM t2 WHERE t2.a = t.a)\n) AS godwit_batch');
  });

  it.each([
    ['UPDATE t SET a = 1', 'needs a WHERE'],
    ['UPDATE t SET a = s.a FROM s WHERE s.id = t.id', 'UPDATE ... FROM'],
    ['DELETE FROM t WHERE a RETURNING *', 'RETURNING'],
    ['CREATE TABLE x (a int)', 'cannot batch CREATE'],
    ['INSERT INTO t VALUES (1)', 'INSERT ... VALUES'],
    ['INSERT INTO t SELECT 1 LIMIT 3', 'LIMIT or OFFSET'],
  ])('refuses %s with a clear error at the file line', async (sql, message) => {
    const e = await rewrite(sql).then(
      () => undefined,
      (x: unknown) => x as Error,
    );
    expect(e).toBeInstanceOf(Error);
    expect(e?.message).toContain(message);
    expect(String(e)).toContain('m/1_backfill.sql:4');
  });
});
