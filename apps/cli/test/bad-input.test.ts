/**
 * Every bad input of issue 2: one clear error line naming what and where, a non-zero exit code,
 * and nothing half-applied (checked in the SQLite file itself).
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { USERS, appliedVersions, parseJson, writeSampleMigrations, projectPerTest } from './helpers.js';

const project = projectPerTest();
afterEach(async () => {
  await chmod(join(project.dir, 'migrations'), 0o755).catch(() => {});
});

/** The one `godwit: error:` line (plus an optional hint line), nothing else of note on stderr. */
function errorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.startsWith('godwit: error: '));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('bad files stop the run before anything changes', () => {
  it('duplicate versions: names both files', async () => {
    await project.write('migrations/000001_create_users.sql', USERS);
    await project.write('migrations/1_create_people.sql', USERS);
    const r = await project.godwit('up');
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toContain('000001_create_users.sql');
    expect(line).toContain('1_create_people.sql');
    expect(r.stdout).toBe('');
    // the folder is read before the database is touched: not even the file was created
    expect(existsSync(project.dbFile)).toBe(false);
  });

  it('a migration-looking file with no version', async () => {
    await project.write('migrations/000001_create_users.sql', USERS);
    await project.write('migrations/create_posts.sql', USERS);
    const r = await project.godwit('up', '--json');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/^godwit: error: migrations\/create_posts\.sql: .*version/);
    expect(parseJson(r.stdout).error).toMatchObject({ code: 'INVALID_VERSION', file: 'migrations/create_posts.sql' });
  });

  it('a .sql file without -- +goose Up', async () => {
    await project.write('migrations/000001_create_users.sql', 'CREATE TABLE users (id INTEGER);\n');
    const r = await project.godwit('up');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/^godwit: error: migrations\/000001_create_users\.sql(:\d+)*: .*\+goose Up/);
    expect(r.stderr).toMatch(/^godwit: hint: /m);
  });

  it('an unterminated StatementBegin (file:line of the Begin)', async () => {
    await project.write('migrations/000001_create_users.sql', USERS);
    await project.write(
      'migrations/000002_trigger.sql',
      '-- +goose Up\n-- +goose StatementBegin\nCREATE TRIGGER t AFTER INSERT ON users BEGIN SELECT 1; END;\n',
    );
    const r = await project.godwit('up');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/^godwit: error: migrations\/000002_trigger\.sql:2(:\d+)?: .*StatementBegin/);
    // the file before it was not applied either: every file is parsed before anything runs
    expect(project.userTables()).toEqual([]);
  });

  it('a StatementEnd without a StatementBegin', async () => {
    await project.write('migrations/000001_x.sql', '-- +goose Up\nSELECT 1;\n-- +goose StatementEnd\n');
    const r = await project.godwit('up');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/^godwit: error: migrations\/000001_x\.sql:3(:\d+)?: .*StatementEnd/);
  });

  it('a version above 2^53-1 in a file name', async () => {
    await project.write('migrations/9007199254740992_huge.sql', USERS);
    const r = await project.godwit('up');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/^godwit: error: migrations\/9007199254740992_huge\.sql: .*9007199254740991/);
  });

  it('ENVSUB with an unset variable: names the variable, applies nothing', async () => {
    await project.write('migrations/000001_create_users.sql', USERS);
    await project.write(
      'migrations/000002_seed.sql',
      "-- +goose Up\n-- +goose ENVSUB ON\nINSERT INTO users (name) VALUES ('${GODWIT_TEST_ADMIN}');\n",
    );
    const r = await project.godwit('up');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/^godwit: error: migrations\/000002_seed\.sql:3(:\d+)?: .*GODWIT_TEST_ADMIN/);
    expect(project.userTables()).toEqual([]);

    const set = await project.raw(['--database', 'sqlite:./app.db', '--dir', 'migrations', 'up'], { GODWIT_TEST_ADMIN: 'ada' });
    expect(set.code).toBe(0);
    expect(project.query('SELECT name FROM users')).toEqual([{ name: 'ada' }]);
  });
});

describe('the database says no', () => {
  it('a failing statement: file:line, earlier migrations stay, the failing one leaves no trace', async () => {
    await project.write('migrations/000001_create_users.sql', USERS);
    await project.write(
      'migrations/000002_broken.sql',
      '-- +goose Up\nCREATE TABLE half (id INTEGER);\n\nINSERT INTO nowhere VALUES (1);\n\n-- +goose Down\nDROP TABLE half;\n',
    );
    await project.write('migrations/000003_later.sql', '-- +goose Up\nCREATE TABLE later (id INTEGER);\n');
    const r = await project.godwit('up', '--json');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/^godwit: error: migrations\/000002_broken\.sql:4(:\d+)?: .*nowhere/);
    const doc = parseJson(r.stdout);
    expect(doc).toMatchObject({ ok: false, before: 0, after: 1 });
    expect(doc.error).toMatchObject({ code: 'MIGRATION_FAILED', file: 'migrations/000002_broken.sql', line: 4 });
    expect(appliedVersions(project)).toEqual([1]);
    expect(project.tables()).toContain('users');
    expect(project.tables()).not.toContain('half');
    expect(project.tables()).not.toContain('later');
    const failed = project.query<{ version: number; success: number }>(
      'SELECT version, success FROM godwit_migrations_history WHERE success = 0',
    );
    expect(failed.map((f) => Number(f.version))).toEqual([2]);
  });

  it('down of an irreversible migration', async () => {
    await project.write('migrations/000001_create_users.up.sql', 'CREATE TABLE users (id INTEGER);\n');
    expect((await project.godwit('up')).code).toBe(0);
    const r = await project.godwit('down');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/^godwit: error: migrations\/000001_create_users\.up\.sql: .*(irreversible|no down)/i);
    expect(appliedVersions(project)).toEqual([1]);
  });

  it('an edited applied migration', async () => {
    await writeSampleMigrations(project);
    await project.godwit('up-to', '1');
    await project.write('migrations/000001_create_users.sql', USERS.replace('name TEXT', 'full_name TEXT'));
    const r = await project.godwit('up');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/^godwit: error: migrations\/000001_create_users\.sql: .*(checksum|changed|edited|modified)/i);
    expect(appliedVersions(project)).toEqual([1]);
    const status = parseJson((await project.godwit('status', '--json')).stdout);
    expect(status.migrations[0].state).toBe('modified');
  });

  it('an out-of-order file is refused, and applied with --allow-missing', async () => {
    await project.write('migrations/000001_create_users.sql', USERS);
    await project.write('migrations/000003_create_posts.sql', '-- +goose Up\nCREATE TABLE posts (id INTEGER);\n');
    await project.godwit('up');
    await project.write('migrations/000002_late.sql', '-- +goose Up\nCREATE TABLE late (id INTEGER);\n');
    const r = await project.godwit('up');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/^godwit: error: migrations\/000002_late\.sql: /);
    expect(r.stderr).toMatch(/^godwit: hint: .*--allow-missing/m);
    expect(project.tables()).not.toContain('late');
    const allowed = await project.godwit('up', '--allow-missing');
    expect(allowed.code).toBe(0);
    expect(appliedVersions(project)).toEqual([1, 2, 3]);
  });

  it('a file that is not a SQLite database', async () => {
    await writeSampleMigrations(project);
    await writeFile(project.dbFile, 'this is not a database, just some text that is long enough to have a header\n'.repeat(20));
    const r = await project.godwit('up');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/app\.db.*not a (SQLite )?database/i);
  });
});

describe('the migrations folder', () => {
  it('missing: exit 2 (usage) naming the folder, and nothing is created', async () => {
    const r = await project.raw(['--database', 'sqlite:./app.db', '--dir', 'nope', 'up']);
    expect(r.code).toBe(2);
    expect(existsSync(join(project.dir, 'app.db'))).toBe(false);
    expect(errorLine(r.stderr)).toContain('./nope');
    expect(r.stderr).toMatch(/^godwit: hint: .*--dir/m);
  });

  it('unreadable (a symlink loop, which stays unreadable even for root)', async () => {
    await symlink('loop', join(project.dir, 'loop'));
    const r = await project.raw(['--database', 'sqlite:./app.db', '--dir', 'loop', 'status']);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/loop/);
  });

  it.skipIf(process.getuid?.() === 0)('unreadable (no permission)', async () => {
    await project.write('migrations/000001_create_users.sql', USERS);
    await chmod(join(project.dir, 'migrations'), 0o000);
    const r = await project.godwit('up');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/cannot read migrations folder.*EACCES/);
  });

  it('a multi-database project root: suggests --dir migrations/<folder>', async () => {
    await mkdir(join(project.dir, 'migrations/postgres-inventory'));
    await mkdir(join(project.dir, 'migrations/sqlite-app'));
    const r = await project.godwit('up');
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)).toContain('multi-database project');
    expect(r.stderr).toContain('godwit: hint: pick one database\'s folder, e.g. --dir migrations/postgres-inventory');
  });
});

describe('secrets', () => {
  it('a password in a postgres URL is never printed, and an unreachable server fails fast', async () => {
    await writeSampleMigrations(project);
    const url = 'postgres://app:Sup3r-s3cret%21pw@127.0.0.1:1/app';
    for (const args of [
      ['--database', url, '--dir', 'migrations', 'up'],
      ['--database', url, '--dir', 'migrations', 'status', '--json'],
      ['--database', url, '--dir', 'migrations', '-v', 'up'],
    ]) {
      const started = Date.now();
      const r = await project.raw(args);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.code).toBe(1);
      const all = r.stdout + r.stderr;
      expect(all).not.toContain('Sup3r-s3cret');
      expect(all).not.toContain('Sup3r');
      expect(errorLine(r.stderr)).toMatch(/127\.0\.0\.1|connect|ECONNREFUSED/i);
    }
    const env = await project.raw(['--dir', 'migrations', 'up', '-v'], { DATABASE_URL: url });
    expect(env.code).toBe(1);
    expect(env.stdout + env.stderr).not.toContain('Sup3r');
    expect(env.stderr).toContain('app:****@127.0.0.1:1');
  });
});

describe('hardening: inputs that used to be misread', () => {
  it('a malformed URL says what is wrong, redacted, and exits 2', async () => {
    await writeSampleMigrations(project);
    const r = await project.godwit('status', '--database', 'postgres://u:pw-secret@127.0.0.1:99999/x%zz');
    expect(r.code).toBe(2);
    const line = errorLine(r.stderr);
    expect(line).toContain('postgres://u:****@127.0.0.1:99999/x%zz');
    expect(line).toMatch(/port 99999 is out of range/);
    expect(line).toMatch(/percent-encoding/);
    expect(r.stderr + r.stdout).not.toContain('pw-secret');
  });

  it('--statement-timeout on SQLite is refused, not ignored, before anything changes', async () => {
    await writeSampleMigrations(project);
    const r = await project.godwit('up', '--statement-timeout', '2s');
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)).toContain('--statement-timeout is not supported on sqlite');
    expect(existsSync(project.dbFile)).toBe(false);
  });

  it('a file that is not UTF-8 is refused at the first bad byte', async () => {
    await writeSampleMigrations(project);
    await writeFile(join(project.dir, 'migrations/000009_latin1.sql'), Buffer.from('-- +goose Up\nINSERT INTO t VALUES (\'caf\xe9\');\n', 'latin1'));
    const r = await project.godwit('up');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/000009_latin1\.sql:2:\d+: .*not valid UTF-8/);
    expect(existsSync(project.dbFile)).toBe(false);
  });
});

describe('--lock-ttl', () => {
  it("sets the SQLite lock's lease: a migration run under the lock sees it expire within the given time", async () => {
    // The migration runs on the runner's connection while the lock row is held, so it can copy it.
    await project.write(
      'migrations/000001_probe.sql',
      '-- +goose Up\nCREATE TABLE probe AS SELECT acquired_at, expires_at FROM godwit_migrations_lock;\n',
    );
    const r = await project.godwit('up', '--lock-ttl', '5s');
    expect(r.code).toBe(0);
    const [row] = project.query<{ acquired_at: string; expires_at: string }>('SELECT acquired_at, expires_at FROM probe');
    const lease = Date.parse(row!.expires_at) - Date.parse(row!.acquired_at);
    expect(lease).toBeGreaterThan(0);
    expect(lease).toBeLessThanOrEqual(5_000 + 1_000);
  });
});
