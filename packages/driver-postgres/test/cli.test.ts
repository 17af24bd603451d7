/**
 * The CLI against PostgreSQL, as separate processes: concurrent runners, a runner killed with
 * SIGKILL mid-migration, --single-transaction, and a password that never reaches the output.
 * Needs the built CLI (apps/cli/dist/bin.js); without it these are skipped (failed under CI).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, type Project } from './support/project.js';
import { admin, createTestDatabase, describePostgres, type TestDatabase } from './support/postgres.js';

const BIN = fileURLToPath(new URL('../../../apps/cli/dist/bin.js', import.meta.url));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

const godwit = (args: string[]) => start(args).done;

function thing(n: number): Record<string, string> {
  const v = String(n).padStart(6, '0');
  return { [`${v}_thing_${n}.sql`]: `-- +goose Up\nCREATE TABLE thing_${n} (id int);\n-- +goose Down\nDROP TABLE thing_${n};\n` };
}

function describeCli(name: string, body: () => void): void {
  if (existsSync(BIN)) {
    describePostgres(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs the built CLI', () => {
        throw new Error(`${BIN} is missing; build the CLI first (pnpm build)`);
      });
    });
  } else {
    console.warn(`skipping "${name}": ${BIN} is missing; run pnpm build first`);
    describe.skip(name, body);
  }
}

describeCli('godwit CLI on PostgreSQL', () => {
  let db: TestDatabase;
  let project: Project;
  beforeEach(async () => {
    db = await createTestDatabase('cli');
    project = await createProject(db.url);
  });
  afterEach(async () => {
    await project.cleanup();
    await db.drop();
  });

  it('16 concurrent `godwit up` processes apply 50 migrations exactly once', { timeout: 120_000 }, async () => {
    for (let n = 1; n <= 50; n++) await project.write(thing(n));
    const runs = await Promise.all(
      Array.from({ length: 16 }, () => godwit(['--database', db.url, '--dir', project.dir, '--lock-timeout', '90s', 'up'])),
    );
    for (const r of runs) expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
    const store = await db.query<{ version: string; dirty: boolean }>('SELECT version, dirty FROM godwit_migrations ORDER BY version');
    expect(store.map((r) => Number(r.version))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(store.every((r) => !r.dirty)).toBe(true);
    const history = await db.query<{ direction: string; success: boolean; n: string }>(
      'SELECT direction, success, count(*) AS n FROM godwit_migrations_history GROUP BY 1, 2',
    );
    expect(history).toEqual([{ direction: 'up', success: true, n: '50' }]);
    const perVersion = await db.query('SELECT version FROM godwit_migrations_history GROUP BY version HAVING count(*) > 1');
    expect(perVersion).toEqual([]);
  });

  it('a runner killed with SIGKILL mid-migration leaves objects and store row consistent; a rerun completes', { timeout: 60_000 }, async () => {
    await project.write({
      ...thing(1),
      '000002_slow.sql': '-- +goose Up\nCREATE TABLE slowpoke (id int);\nINSERT INTO slowpoke VALUES (1);\nSELECT pg_sleep(3);\n',
      ...thing(3),
    });
    const run = start(['--database', db.url, '--dir', project.dir, 'up']);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const active = await db.query("SELECT 1 FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(3)' AND state = 'active'");
      if (active.length > 0) break;
      if (Date.now() > deadline) throw new Error(`the slow migration never started: ${await run.done.then((r) => r.stderr)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
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

    const rerun = await godwit(['--database', db.url, '--dir', project.dir, 'up']);
    expect(rerun.stderr && rerun.code !== 0 ? rerun.stderr : rerun.code).toBe(0);
    expect(await consistent()).toEqual({ table: true, row: true });
    expect(await db.tableExists('thing_3')).toBe(true);
    expect(await db.query<{ n: string }>('SELECT count(*) AS n FROM slowpoke')).toEqual([{ n: '1' }]);
  });

  it('--single-transaction rolls back every migration of the run on a failure', async () => {
    await project.write({ ...thing(1), ...thing(2), '000003_bad.sql': '-- +goose Up\nCREATE TABLE bad (id int);\nSELECT 1/0;\n' });
    const r = await godwit(['--database', db.url, '--dir', project.dir, 'up', '--single-transaction']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/000003_bad\.sql:3:\d+/);
    expect(r.stdout + r.stderr).toMatch(/division by zero/);
    for (const t of ['thing_1', 'thing_2', 'bad']) expect(await db.tableExists(t)).toBe(false);
    expect(await db.query('SELECT version FROM godwit_migrations')).toEqual([]);

    const ok = await godwit(['--database', db.url, '--dir', project.dir, 'up-to', '2', '--single-transaction']);
    expect(ok.code).toBe(0);
    expect(await db.tableExists('thing_2')).toBe(true);
  });

  it('never shows the password in stdout or stderr', { timeout: 60_000 }, async () => {
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
      const runs = await Promise.all([
        godwit(['--database', withPassword, '--dir', project.dir, '-v', 'up']),
        godwit(['--database', withPassword, '--dir', project.dir, '--json', 'up']),
        godwit(['--database', withPassword, '--dir', project.dir, 'status']),
        godwit(['--database', withPassword, '--dir', project.dir, '--json', 'status']),
        godwit(['--database', unreachable.toString(), '--dir', project.dir, 'up']),
        godwit(['--database', unreachable.toString(), '--dir', project.dir, '--json', '-v', 'status']),
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
