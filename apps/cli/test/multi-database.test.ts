/**
 * `godwit migrate-all`, `status --all` and `validate --all` on a project of SQLite databases
 * (real files in a temporary folder): discovery, ordering, stop-on-failure, --continue-on-error,
 * --only/--except, concurrency, the JSON report, seeds and a protected environment.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJson, projectPerTest } from './helpers.js';
import { querySqlite } from '@godwit/test-kit/sqlite';
import { holdSqliteLock } from './multi-support.js';

const table = (name: string) => `-- +goose Up\nCREATE TABLE ${name} (id INTEGER PRIMARY KEY, label TEXT);\n-- +goose Down\nDROP TABLE ${name};\n`;
// Fails when it runs (a syntax error would be caught before the database's first migration).
const BROKEN = '-- +goose Up\nINSERT INTO nowhere VALUES (1);\n-- +goose Down\nSELECT 1;\n';

const URLS = { SQLITE_ALPHA_URL: 'sqlite:./alpha.db', SQLITE_BETA_URL: 'sqlite:./beta.db', SQLITE_GAMMA_URL: 'sqlite:./gamma.db' };
const project = projectPerTest(async (p) => {
  await p.write('migrations/sqlite-alpha/schema/00001_a.sql', table('a1'));
  await p.write('migrations/sqlite-alpha/schema/00002_a.sql', table('a2'));
  await p.write('migrations/sqlite-alpha/seed/00001_rows.sql', "-- +goose Up\nINSERT INTO a1 (label) VALUES ('seeded');\n-- +goose Down\nDELETE FROM a1;\n");
  await p.write('migrations/sqlite-beta/00001_b.sql', table('b1'));
  await p.write('migrations/sqlite-gamma/00001_c.sql', table('c1'));
});

const run = (args: string[], env: Record<string, string | undefined> = URLS) => project.raw(args, env);
const sqlite = (file: string, sql: string) => querySqlite(join(project.dir, file), sql);
const versions = (file: string, store = 'godwit_migrations') =>
  existsSync(join(project.dir, file)) ? sqlite(file, `SELECT version FROM ${store} ORDER BY version`).map((r) => Number(r.version)) : [];
/** the database ids of the JSON log lines on stderr, in order */
const logOrder = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { database?: string; msg: string });

describe('one convention folder', () => {
  it('up --dir migrations/<driver>-<name> uses that folder\'s URL from .env, not the SQLite default', async () => {
    await project.write('.env', 'SQLITE_BETA_URL=sqlite:./beta.db\n');
    const r = await run(['up', '--dir', 'migrations/sqlite-beta'], {});
    expect(r.code).toBe(0);
    expect(versions('beta.db')).toEqual([1]);
    expect(existsSync(join(project.dir, 'dev.db'))).toBe(false);
    expect(r.stderr).not.toContain('using sqlite:./dev.db');
  });

  it('a PostgreSQL folder whose URL variable is unset names it (exit 2) instead of running on SQLite', async () => {
    await project.write('migrations/postgres-user/00001_u.sql', table('u1'));
    const r = await run(['up', '--dir', 'migrations/postgres-user'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('migrations/postgres-user is a postgres database folder, but POSTGRES_USER_URL is not set');
    expect(existsSync(join(project.dir, 'dev.db'))).toBe(false);
  });
});

describe('godwit migrate-all', () => {
  it('migrates every discovered database in id order, each log line naming its database', async () => {
    const r = await run(['migrate-all']);
    expect(r.code).toBe(0);
    expect(versions('alpha.db')).toEqual([1, 2]);
    expect(versions('beta.db')).toEqual([1]);
    expect(versions('gamma.db')).toEqual([1]);
    const lines = logOrder(r.stderr);
    expect(lines.length).toBe(4);
    expect(lines.map((l) => l.database)).toEqual(['sqlite-alpha', 'sqlite-alpha', 'sqlite-beta', 'sqlite-gamma']);
    expect(r.stdout).toMatch(/^DATABASE\s+DRIVER\s+BEFORE\s+AFTER\s+APPLIED\s+TIME\s+RESULT\n/);
    expect(r.stdout).toMatch(/sqlite-alpha\s+sqlite\s+0\s+2\s+2\s+(?:\d+ ms|\d+\.\d s)\s+ok\n/);
    expect(r.stdout).toContain('ok: 3 ok, 0 failed, 0 skipped');
    // the seed folder is not applied without --seed
    expect(sqlite('alpha.db', 'SELECT count(*) AS n FROM a1')).toEqual([{ n: 0 }]);

    const again = await run(['migrate-all', '--json']);
    expect(again.code).toBe(0);
    expect(parseJson(again.stdout).databases.map((d: { applied: number; before: number }) => [d.before, d.applied])).toEqual([
      [2, 0],
      [1, 0],
      [1, 0],
    ]);
  });

  it('stops at the first failure and reports the rest as skipped (exit 1)', async () => {
    await project.write('migrations/sqlite-beta/00002_broken.sql', BROKEN);
    const r = await run(['migrate-all', '--json']);
    expect(r.code).toBe(1);
    const doc = parseJson(r.stdout);
    expect(doc).toMatchObject({ ok: false, command: 'migrate-all', failed: 1, skipped: 1 });
    expect(doc.databases.map((d: { id: string; result: string }) => [d.id, d.result])).toEqual([
      ['sqlite-alpha', 'ok'],
      ['sqlite-beta', 'failed'],
      ['sqlite-gamma', 'skipped'],
    ]);
    expect(doc.databases[1]).toMatchObject({ driver: 'sqlite', target: 'sqlite:./beta.db', before: 0, after: 1, applied: 1 });
    expect(doc.databases[1].error.file).toContain('00002_broken.sql');
    expect(r.stderr).toMatch(/godwit: error: \[sqlite-beta\] .*00002_broken\.sql/);
    expect(versions('gamma.db')).toEqual([]);
  });

  it('--continue-on-error migrates the others and still exits 1', async () => {
    await project.write('migrations/sqlite-beta/00002_broken.sql', BROKEN);
    const r = await run(['migrate-all', '--continue-on-error']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/sqlite-beta\s+sqlite\s+0\s+1\s+1\s+(?:\d+ ms|\d+\.\d s)\s+failed/);
    expect(r.stdout).toContain('failed: 2 ok, 1 failed, 0 skipped');
    expect(versions('gamma.db')).toEqual([1]);
  });

  it('--only and --except select by id; an unknown id is refused (exit 2)', async () => {
    expect((await run(['migrate-all', '--only', 'sqlite-gamma,sqlite-alpha'])).code).toBe(0);
    expect([versions('alpha.db'), versions('beta.db'), versions('gamma.db')]).toEqual([[1, 2], [], [1]]);
    expect((await run(['migrate-all', '--except', 'sqlite-alpha'])).code).toBe(0);
    expect(versions('beta.db')).toEqual([1]);
    const unknown = await run(['migrate-all', '--only', 'sqlite-delta']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('godwit: error: --only: no database "sqlite-delta"');
    expect(unknown.stderr).toContain('databases: sqlite-alpha, sqlite-beta, sqlite-gamma');
  });

  it('--concurrency 2 runs databases side by side: one waiting on a lock does not hold up the next', async () => {
    holdSqliteLock(join(project.dir, 'alpha.db'));
    const serial = await run(['migrate-all', '--lock-timeout', '1s']);
    expect(serial.code).toBe(1);
    expect(serial.stdout).toMatch(/sqlite-beta .*skipped/);

    const side = await run(['migrate-all', '--lock-timeout', '1s', '--concurrency', '2', '--json']);
    expect(side.code).toBe(1);
    const doc = parseJson(side.stdout);
    // beta and then gamma ran on the second worker while alpha waited for its lock and gave up
    expect(doc.databases.map((d: { result: string }) => d.result)).toEqual(['failed', 'ok', 'ok']);
    expect(doc.databases[0].error.code).toBe('LOCK_TIMEOUT');
    expect(versions('beta.db')).toEqual([1]);
  });

  it('a database whose URL is not set is an error naming the variable, before anything runs', async () => {
    const r = await run(['migrate-all'], { ...URLS, SQLITE_BETA_URL: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('godwit: error: sqlite-beta: no database URL: SQLITE_BETA_URL is not set');
    expect(versions('alpha.db')).toEqual([]);
  });

  it('names every unset URL variable at once', async () => {
    const r = await run(['migrate-all'], { ...URLS, SQLITE_BETA_URL: undefined, SQLITE_GAMMA_URL: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'godwit: error: 2 databases have no URL: SQLITE_BETA_URL (sqlite-beta), SQLITE_GAMMA_URL (sqlite-gamma) are not set',
    );
    expect(versions('alpha.db')).toEqual([]);
  });

  it('reads the URLs from ./.env without overriding the environment', async () => {
    await project.write('.env', '# local\nSQLITE_ALPHA_URL=sqlite:./from-dotenv.db\nexport SQLITE_BETA_URL="sqlite:./beta.db"\n');
    const r = await run(['migrate-all'], { SQLITE_GAMMA_URL: 'sqlite:./gamma.db', SQLITE_ALPHA_URL: 'sqlite:./alpha.db' });
    expect(r.code).toBe(0);
    expect(versions('alpha.db')).toEqual([1, 2]);
    expect(existsSync(join(project.dir, 'from-dotenv.db'))).toBe(false);
    expect(versions('beta.db')).toEqual([1]);
  });

  it('refuses two databases on the same URL and table before anything runs', async () => {
    const r = await run(['migrate-all'], { ...URLS, SQLITE_GAMMA_URL: 'sqlite:alpha.db' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('godwit: error: sqlite-alpha and sqlite-gamma both use sqlite:alpha.db with table godwit_migrations');
    expect(versions('alpha.db')).toEqual([]);
  });

  it('warns about and skips a folder not named <driver>-<name>, or an unknown driver; --strict refuses', async () => {
    await project.write('migrations/legacy/00001_x.sql', table('x'));
    await project.write('migrations/oracle-hr/00001_x.sql', table('x'));
    const r = await run(['migrate-all']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('godwit: warning: migrations/legacy: "legacy" is not named <driver>-<name>; skipped');
    expect(r.stderr).toContain('godwit: warning: migrations/oracle-hr: unknown driver prefix "oracle"; skipped');
    const strict = await run(['migrate-all', '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('godwit: error: migrations/legacy: "legacy" is not named <driver>-<name>');
  });

  it('--seed applies seed/ after the schema, tracked in <table>_seeds', async () => {
    const r = await run(['migrate-all', '--seed']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sqlite-alpha\s+sqlite\s+0\s+2\s+2\s+1\s+/);
    expect(r.stdout).toMatch(/sqlite-beta\s+sqlite\s+0\s+1\s+1\s+no seed\/\s+/);
    expect(versions('alpha.db')).toEqual([1, 2]);
    expect(versions('alpha.db', 'godwit_migrations_seeds')).toEqual([1]);
    expect(sqlite('alpha.db', 'SELECT label FROM a1')).toEqual([{ label: 'seeded' }]);
    const again = await run(['migrate-all', '--seed', '--json']);
    expect(parseJson(again.stdout).databases[0].seeds).toMatchObject({ before: 1, after: 1, applied: 0 });
  });

  it('a protected environment refuses --seed without --yes', async () => {
    await project.write('godwit.config.json', JSON.stringify({ environments: { prod: { protected: true } } }));
    const refused = await run(['migrate-all', '--seed', '--env', 'prod']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('godwit: error: environment "prod" is protected: migrate-all --seed needs --yes');
    expect(versions('alpha.db')).toEqual([]);
    // schema migrations alone are not destructive
    expect((await run(['migrate-all', '--env', 'prod'])).code).toBe(0);
    expect((await run(['migrate-all', '--seed', '--env', 'prod', '--yes'])).code).toBe(0);
    expect(versions('alpha.db', 'godwit_migrations_seeds')).toEqual([1]);
  });
});

describe('status --all and validate --all', () => {
  it('status --all shows every database, one row each', async () => {
    await run(['migrate-all', '--only', 'sqlite-alpha']);
    const r = await run(['status', '--all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^DATABASE\s+DRIVER\s+VERSION\s+PENDING\s+DIRTY\s+TIME\s+RESULT\n/);
    expect(r.stdout).toMatch(/sqlite-alpha\s+sqlite\s+2\s+0\s+no/);
    expect(r.stdout).toMatch(/sqlite-beta\s+sqlite\s+0\s+1\s+no/);
    const doc = parseJson((await run(['status', '--all', '--json', '--except', 'sqlite-gamma'])).stdout);
    expect(doc.databases.map((d: { id: string; current: number }) => [d.id, d.current])).toEqual([
      ['sqlite-alpha', 2],
      ['sqlite-beta', 0],
    ]);
  });

  it('status --all with one URL unset shows the others and marks that one', async () => {
    await run(['migrate-all', '--only', 'sqlite-alpha']);
    const r = await run(['status', '--all'], { ...URLS, SQLITE_BETA_URL: undefined });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/sqlite-alpha\s+sqlite\s+2\s+0\s+no\s+(?:\d+ ms|\d+\.\d s)\s+ok/);
    expect(r.stdout).toMatch(/sqlite-beta\s+sqlite\s+-\s+-\s+-\s+(?:\d+ ms|\d+\.\d s)\s+failed/);
    expect(r.stdout).toMatch(/sqlite-gamma\s+sqlite\s+0\s+1\s+no\s+(?:\d+ ms|\d+\.\d s)\s+ok/);
    expect(r.stderr).toContain('sqlite-beta: no database URL: SQLITE_BETA_URL is not set');
  });

  it('validate --all checks every database, files only where no URL is set, and reports each problem', async () => {
    await project.write('migrations/sqlite-gamma/00002_bad.sql', 'CREATE TABLE nope (id INTEGER);\n');
    const r = await run(['validate', '--all'], {});
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/sqlite-alpha\s+sqlite\s+2\s+files only\s+0\s+0\s+(?:\d+ ms|\d+\.\d s)\s+ok/);
    expect(r.stdout).toMatch(/sqlite-gamma\s+sqlite\s+\d+\s+files only\s+1\s+0\s+(?:\d+ ms|\d+\.\d s)\s+failed/);
    expect(r.stderr).toMatch(/godwit: error: \[sqlite-gamma\] .*00002_bad\.sql/);

    // A down file without its up is a warning: counted apart, said once, and it fails nothing.
    await project.write('migrations/sqlite-beta/00009_only_down.down.sql', 'DROP TABLE nothing;\n');
    const warned = await run(['validate', '--all', '--only', 'sqlite-beta'], {});
    expect(warned.code).toBe(0);
    expect(warned.stdout).toMatch(/sqlite-beta\s+sqlite\s+\d+\s+files only\s+0\s+1\s+/);
    expect(warned.stderr).toMatch(/^godwit: warning: \[sqlite-beta\] .*00009_only_down\.down\.sql/m);

    await run(['migrate-all', '--only', 'sqlite-alpha']);
    await project.write('migrations/sqlite-alpha/schema/00001_a.sql', table('a1_changed'));
    const changed = await run(['validate', '--all', '--only', 'sqlite-alpha', '--json']);
    expect(changed.code).toBe(1);
    const doc = parseJson(changed.stdout);
    expect(doc.databases[0]).toMatchObject({ id: 'sqlite-alpha', database: true, ok: false });
    expect(doc.databases[0].problems[0].code).toBe('CHECKSUM_MISMATCH');
  });

  it('--only without --all is refused rather than ignored', async () => {
    const r = await run(['status', '--only', 'sqlite-alpha']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('godwit: error: --only needs --all');
  });
});
