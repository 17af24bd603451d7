/**
 * The CLI against PostgreSQL, as separate processes (the built binary): concurrent runners, a
 * runner killed with SIGKILL mid-migration, --single-transaction, and a password that never
 * reaches the output. (Moved here from the PostgreSQL driver's tests, which no longer need the
 * CLI built.)
 */
import { runCli, startCli } from '@godwit/test-kit/cli';
import { perTest } from '@godwit/test-kit/per-test';
import { admin, closedGate, createTestDatabase, describePostgres } from '@godwit/test-kit/postgres';
import { tempDir } from '@godwit/test-kit/temp';
import { waitFor } from '@godwit/test-kit/wait';
import { expect, it } from 'vitest';

function thing(n: number): Record<string, string> {
  const v = String(n).padStart(6, '0');
  return { [`${v}_thing_${n}.sql`]: `-- +goose Up\nCREATE TABLE thing_${n} (id int);\n-- +goose Down\nDROP TABLE thing_${n};\n` };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describePostgres('godwit CLI on PostgreSQL', () => {
  const db = perTest(() => createTestDatabase('cli'), (d) => d.drop());
  const project = perTest(() => tempDir('cli-pg'), (p) => p.remove());

  /** godwit --database <this test's database> --dir <the project> ...args */
  const args = (...rest: string[]) => ['--database', db.url, '--dir', project.dir, ...rest];
  const godwit = (...rest: string[]) => runCli(args(...rest), { cwd: project.dir });

  // Separate processes contending for one lock is what this proves (in-process concurrency is the
  // driver conformance suite's); eight runners over twenty migrations show it without loading a
  // busy machine with sixteen node processes.
  it('8 concurrent `godwit up` processes apply 20 migrations exactly once', { timeout: 180_000 }, async () => {
    const count = 20;
    for (const n of range(count)) await project.write(thing(n));
    const runs = await Promise.all(Array.from({ length: 8 }, () => godwit('--lock-timeout', '150s', 'up')));
    for (const r of runs) expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
    const store = await db.query<{ version: string; dirty: boolean }>('SELECT version, dirty FROM godwit_migrations ORDER BY version');
    expect(store.map((r) => Number(r.version))).toEqual(range(count));
    expect(store.every((r) => !r.dirty)).toBe(true);
    const history = await db.query<{ direction: string; success: boolean; n: string }>(
      'SELECT direction, success, count(*) AS n FROM godwit_migrations_history GROUP BY 1, 2',
    );
    expect(history).toEqual([{ direction: 'up', success: true, n: String(count) }]);
    const perVersion = await db.query('SELECT version FROM godwit_migrations_history GROUP BY version HAVING count(*) > 1');
    expect(perVersion).toEqual([]);
  });

  it('a runner killed with SIGKILL mid-migration leaves objects and store row consistent; a rerun completes', { timeout: 180_000 }, async () => {
    // Migration 2 waits at a gate the test holds: the runner is surely mid-migration when it is
    // killed, however long it took to get there.
    const gate = await closedGate(db);
    try {
      await project.write({
        ...thing(1),
        '000002_slow.sql': `-- +goose Up\nCREATE TABLE slowpoke (id int);\nINSERT INTO slowpoke VALUES (1);\n${gate.sql};\n`,
        ...thing(3),
      });
      const run = startCli(args('up'), { cwd: project.dir });
      await waitFor(
        'migration 2 at the gate',
        () => {
          if (run.child.exitCode !== null) throw new Error(`the runner ended before migration 2 (exit ${run.child.exitCode}): ${run.stderr()}`);
          return gate.waiter();
        },
        { timeoutMs: 120_000 },
      );
      run.child.kill('SIGKILL');
      const killed = await run.done;
      expect(killed.signal).toBe('SIGKILL');

      const consistent = async () => {
        const table = await db.tableExists('slowpoke');
        const row = (await db.query('SELECT 1 FROM godwit_migrations WHERE version = 2')).length === 1;
        return { table, row };
      };
      const after = await consistent();
      expect(after.table).toBe(after.row);
      expect(await db.tableExists('thing_1')).toBe(true);
      expect(await db.tableExists('thing_3')).toBe(false);

      // The killed runner's statement still waits at the gate; let it through (the server then
      // finds its client gone and rolls back), and run again.
      await gate.open();
      const rerun = await godwit('up');
      expect(rerun.stderr && rerun.code !== 0 ? rerun.stderr : rerun.code).toBe(0);
      expect(await consistent()).toEqual({ table: true, row: true });
      expect(await db.tableExists('thing_3')).toBe(true);
      expect(await db.query<{ n: string }>('SELECT count(*) AS n FROM slowpoke')).toEqual([{ n: '1' }]);
    } finally {
      await gate.open();
    }
  });

  it('--single-transaction rolls back every migration of the run on a failure', { timeout: 90_000 }, async () => {
    await project.write({ ...thing(1), ...thing(2), '000003_bad.sql': '-- +goose Up\nCREATE TABLE bad (id int);\nSELECT 1/0;\n' });
    const r = await godwit('up', '--single-transaction');
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/000003_bad\.sql:3:\d+/);
    expect(r.stdout + r.stderr).toMatch(/division by zero/);
    for (const t of ['thing_1', 'thing_2', 'bad']) expect(await db.tableExists(t)).toBe(false);
    expect(await db.query('SELECT version FROM godwit_migrations')).toEqual([]);

    const ok = await godwit('up-to', '2', '--single-transaction');
    expect(ok.code).toBe(0);
    expect(await db.tableExists('thing_2')).toBe(true);
  });

  it('never shows the password in stdout or stderr', { timeout: 120_000 }, async () => {
    const password = 'Pw-7f3b9c!x';
    const role = `godwit_pw_${process.pid}`;
    await admin((c) => c.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${password}'`));
    try {
      const url = new URL(db.url);
      url.username = role;
      url.password = password;
      const withPassword = url.toString();
      await project.write({ ...thing(1), '000002_bad.sql': '-- +goose Up\nSELECT nope FROM nowhere;\n' });
      const unreachable = new URL(withPassword);
      unreachable.port = '1';
      const on = (database: string, ...rest: string[]) => runCli(['--database', database, '--dir', project.dir, ...rest], { cwd: project.dir });
      const runs = await Promise.all([
        on(withPassword, '-v', 'up'),
        on(withPassword, '--json', 'up'),
        on(withPassword, 'status'),
        on(withPassword, '--json', 'status'),
        on(unreachable.toString(), 'up'),
        on(unreachable.toString(), '--json', '-v', 'status'),
      ]);
      for (const r of runs) {
        const text = r.stdout + r.stderr;
        expect(text).not.toContain(password);
        expect(text).not.toContain(encodeURIComponent(password));
      }
      expect(runs[0]!.code).toBe(1);
      expect(runs[4]!.code).toBe(1);
      expect(runs[4]!.stdout + runs[4]!.stderr).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1/);
      expect(runs[4]!.stdout + runs[4]!.stderr).toContain(`${role}:****@`);
    } finally {
      await admin((c) => c.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`), db.url).catch(() => undefined);
      await admin((c) => c.query(`DROP ROLE IF EXISTS ${role}`)).catch(() => undefined);
    }
  });
});
