/**
 * The server's syntax check is asked once for a whole run of plain migrations (core's
 * preparePlan, session/syntax-batch.ts), not once per migration; a part that does not parse
 * still gets the bundled parser's exact error.
 */
import { createRequire } from 'node:module';
import { describePostgres } from '@godwit/test-kit/postgres';
import { expect, it } from 'vitest';
import { parserLoaded } from '../src/sql/split.js';
import { perTestProject } from './support/project.js';

const pg = createRequire(import.meta.url)('pg') as typeof import('pg');

/** Counts the syntax probes sent while `fn` runs. */
async function probesDuring(fn: () => Promise<unknown>): Promise<number> {
  const original = pg.Client.prototype.query;
  let probes = 0;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    if ((typeof q === 'string' ? q : (q?.text ?? '')).includes('godwit_syntax_probe')) probes++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return probes;
}

describePostgres('the syntax check of a run', () => {
  const { db, project } = perTestProject('syntax_batch');

  it('asks the server once for every plain migration of the run', async () => {
    const files: Record<string, string> = {};
    for (let n = 1; n <= 6; n++) files[`00000${n}_t${n}.sql`] = `-- +goose Up\nCREATE TABLE t${n} (id int);\nINSERT INTO t${n} VALUES (${n});\n`;
    await project.write(files);
    let result: Awaited<ReturnType<ReturnType<typeof project.migrator>['up']>> | undefined;
    const probes = await probesDuring(async () => {
      result = await project.migrator().up();
    });
    expect(result?.error).toBeUndefined();
    expect(probes).toBe(1);
    expect(await db.query('SELECT id FROM t6')).toEqual([{ id: 6 }]);
    expect(parserLoaded()).toBe(false);
  });

  it('still stops at a part that does not parse, before anything runs, with its position', async () => {
    await project.write({
      '000001_a.sql': '-- +goose Up\nCREATE TABLE a (id int);\n',
      '000002_b.sql': '-- +goose Up\nCREATE TABLE b (id int);\n',
      '000003_bad.sql': '-- +goose Up\nCREATE TABLE c (id int);\nSELECT FROM WHERE;\n',
    });
    const result = await project.migrator().up();
    expect(result.error).toMatchObject({ code: 'PARSE_ERROR', line: 3 });
    expect(result.results).toEqual([]);
    expect(await db.tableExists('a')).toBe(false);
  });
});
