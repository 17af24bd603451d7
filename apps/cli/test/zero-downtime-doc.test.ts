/**
 * docs/zero-downtime.md's worked example, run end to end exactly as the doc shows it (the files
 * and the commands are read from the doc, so the doc cannot rot): `users.fullname` becomes
 * `users.name` on PostgreSQL. The expand phase adds the column and the trigger and backfills in
 * batches; the application deployed in between writes only `name`; the contract phase drops
 * `fullname`.
 */
import { readFileSync } from 'node:fs';
import { logEvents, runCli } from '@godwit/test-kit/cli';
import { perTest } from '@godwit/test-kit/per-test';
import { createTestDatabase, describePostgres } from '@godwit/test-kit/postgres';
import { tempDir } from '@godwit/test-kit/temp';
import { expect, it } from 'vitest';

const DOC = readFileSync(new URL('../../../docs/zero-downtime.md', import.meta.url), 'utf8');
const ROWS = 12_000;

/** The migration files of the worked example: a `NNN_name.sql`: line, then its ```sql block. */
function docFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const m of DOC.matchAll(/^`(\d+_\w+\.sql)`:\n\n```sql\n([\s\S]*?)```/gm)) files[m[1]!] = m[2]!;
  return files;
}

/** The example's commands: the `godwit ...` lines of its ```sh block, comments dropped. */
function docCommands(): string[][] {
  const block = /^```sh\n([\s\S]*?)```/m.exec(DOC.slice(DOC.indexOf('## Worked example')))?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l.startsWith('godwit '))
    .map((l) => l.split(/\s+/).slice(1));
}

describePostgres('docs/zero-downtime.md: renaming a column', () => {
  const db = perTest(() => createTestDatabase('zdt'), (d) => d.drop());
  const project = perTest(() => tempDir('cli-zdt'), (p) => p.remove());

  it('runs the expand files, a deploy, and the contract files as the doc shows them', async () => {
    const files = docFiles();
    expect(Object.keys(files)).toEqual(['000010_users_name_expand.sql', '000011_users_name_contract.sql']);
    const [expand, contract] = docCommands();
    expect([expand, contract]).toEqual([
      ['up', '--phase', 'expand'],
      ['up', '--phase', 'contract'],
    ]);
    // the application before the change: it writes fullname
    await db.query(`CREATE TABLE users (id bigint PRIMARY KEY, fullname text);
      INSERT INTO users SELECT i, 'user ' || i FROM generate_series(1, ${ROWS}) i`);
    await project.write(Object.fromEntries(Object.entries(files).map(([name, text]) => [`migrations/${name}`, text])));
    const godwit = (args: string[]) => runCli(['--database', db.url, '--dir', project.path('migrations'), ...args], { cwd: project.dir });

    const expanded = await godwit(expand!);
    expect({ code: expanded.code, stderr: expanded.code ? expanded.stderr : '' }).toEqual({ code: 0, stderr: '' });
    const done = logEvents(expanded.stderr).filter((e) => e.event === 'batch-progress' && e.finished);
    expect(done).toEqual([expect.objectContaining({ version: 10, rowsDone: ROWS, batches: Math.ceil(ROWS / 5000) })]);
    expect((await db.query<{ n: string }>('SELECT count(*) AS n FROM users WHERE name IS DISTINCT FROM fullname'))[0]?.n).toBe('0');
    // the old application still works: it writes fullname, the trigger fills name
    await db.query("INSERT INTO users (id, fullname) VALUES (-1, 'old app')");
    expect((await db.query('SELECT name FROM users WHERE id = -1'))[0]).toEqual({ name: 'old app' });
    expect(JSON.parse((await godwit(['status', '--json'])).stdout)).toMatchObject({ current: 10, dirty: false });

    // deployed: the new application writes name only
    await db.query("INSERT INTO users (id, name) VALUES (-2, 'new app')");
    const contracted = await godwit(contract!);
    expect({ code: contracted.code, stderr: contracted.code ? contracted.stderr : '' }).toEqual({ code: 0, stderr: '' });
    const columns = await db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position");
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'name']);
    expect((await db.query('SELECT name FROM users WHERE id IN (-1, -2) ORDER BY id'))).toEqual([{ name: 'new app' }, { name: 'old app' }]);
    expect((await db.query<{ n: string }>('SELECT count(*) AS n FROM users WHERE name IS NULL'))[0]?.n).toBe('0');
  }, 120_000);
});
