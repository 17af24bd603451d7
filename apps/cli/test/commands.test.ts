/** Every command end to end: the built binary against a real SQLite file. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DURATION_PATTERN } from '../src/output/duration.js';
import { appliedVersions, parseJson, writeSampleMigrations, projectPerTest } from './helpers.js';

const project = projectPerTest();

describe('create', () => {
  it('writes a goose file numbered 000001 by default, then 000002', async () => {
    const first = await project.godwit('create', 'create users', '--template', 'create_table');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('created migrations/000001_create_users.sql\n');
    const text = await readFile(join(project.dir, 'migrations/000001_create_users.sql'), 'utf8');
    expect(text).toMatch(/^-- \+goose Up\n/);
    expect(text).toContain('CREATE TABLE');
    expect(text).toContain('-- +goose Down');

    const second = await project.godwit('create', 'AddEmailToUsers', '--template', 'add_column', '--sequential');
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('created migrations/000002_add_email_to_users.sql\n');
    // creating needs no database: nothing was opened or created
    expect(second.stderr).not.toContain('dev.db');
  });

  it('writes a golang-migrate pair with --format pair', async () => {
    const r = await project.godwit('create', 'index_users_on_email', '--format', 'pair', '--template', 'create_index');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('created migrations/000001_index_users_on_email.up.sql\ncreated migrations/000001_index_users_on_email.down.sql\n');
    expect(await readFile(join(project.dir, 'migrations/000001_index_users_on_email.up.sql'), 'utf8')).toContain('CREATE INDEX');
  });

  it('writes MongoDB command arrays with --format json, and reports them as JSON', async () => {
    const r = await project.godwit('create', 'seed_events', '--format', 'json', '--json');
    expect(r.code).toBe(0);
    const doc = parseJson(r.stdout);
    expect(doc).toEqual({
      version: 1,
      name: 'seed_events',
      files: ['migrations/000001_seed_events.up.json', 'migrations/000001_seed_events.down.json'],
    });
    expect(Array.isArray(JSON.parse(await readFile(join(project.dir, doc.files[0]), 'utf8')))).toBe(true);
  });

  it('numbers with the UTC time with --timestamp', async () => {
    const before = Number(new Date().toISOString().replace(/\D/g, '').slice(0, 14));
    const r = await project.godwit('create', 'x', '--timestamp', '--json');
    expect(r.code).toBe(0);
    const { version } = parseJson(r.stdout);
    expect(version).toBeGreaterThanOrEqual(before);
    expect(String(version)).toHaveLength(14);
    expect(await readdir(join(project.dir, 'migrations'))).toEqual([`${version}_x.sql`]);
  });

  it('refuses --sequential with --timestamp and an unknown format (exit 2)', async () => {
    const both = await project.godwit('create', 'x', '--sequential', '--timestamp');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^godwit: error: option '--sequential' cannot be used with option '--timestamp'$/m);
    const format = await project.godwit('create', 'x', '--format', 'yaml');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("godwit: error: option '--format <format>' argument 'yaml' is invalid");
    expect(await readdir(join(project.dir, 'migrations'))).toEqual([]);
  });
});

describe('up, status, version, history', () => {
  it('applies every pending migration and reports it on stdout, logs on stderr', async () => {
    await writeSampleMigrations(project);
    const r = await project.godwit('up');
    expect(r.code).toBe(0);
    const took = (name: string) => new RegExp(`^applied +${name} \\((${DURATION_PATTERN})\\)$`, 'm');
    expect(r.stdout).toMatch(took('000001_create_users'));
    expect(r.stdout).toMatch(took('000002_add_email'));
    expect(r.stdout).toMatch(took('000003_create_posts'));
    expect(r.stdout).toMatch(/^done: 3 migration\(s\), version 0 -> 3/m);
    // Each step is printed once, on stdout: no step log lines unless asked for.
    expect(r.stderr).toBe('');
    expect(appliedVersions(project)).toEqual([1, 2, 3]);
    // The history says what the run printed for each step.
    const printed = [...r.stdout.matchAll(/^applied +(\d+)_\w+ \((\d+) ms\)$/gm)].map((m) => [Number(m[1]), `${m[2]} ms`] as const);
    const history = parseJson((await project.godwit('history', '--json')).stdout).history as Array<{ version: number; executionMs: number }>;
    for (const [version, text] of printed) expect(`${history.find((h) => h.version === version)?.executionMs} ms`).toBe(text);
    expect(project.tables()).toEqual(expect.arrayContaining(['users', 'posts']));

    const again = await project.godwit('up');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('nothing to do: version 3\n');
  });

  it('status prints a table, and --json in the documented shape', async () => {
    await writeSampleMigrations(project);
    await project.godwit('up-to', '2');
    const table = await project.godwit('status');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^VERSION +NAME +STATE +APPLIED AT$/);
    expect(lines[1]).toMatch(/^1 +create_users +applied +\d{4}-\d\d-\d\dT/);
    expect(lines[2]).toMatch(/^2 +add_email +applied +\d{4}-/);
    expect(lines[3]).toMatch(/^3 +create_posts +pending +-$/);
    expect(lines[4]).toBe('version 2, 1 pending');

    const json = await project.godwit('status', '--json');
    expect(json.code).toBe(0);
    const doc = parseJson(json.stdout);
    expect(Object.keys(doc)).toEqual(['current', 'dirty', 'migrations']);
    expect(doc.current).toBe(2);
    expect(doc.dirty).toBe(false);
    expect(doc.migrations).toEqual([
      { version: 1, name: 'create_users', state: 'applied', appliedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) },
      { version: 2, name: 'add_email', state: 'applied', appliedAt: expect.any(String) },
      { version: 3, name: 'create_posts', state: 'pending', appliedAt: null },
    ]);
  });

  it('up-by-one applies exactly the next one; version prints it', async () => {
    await writeSampleMigrations(project);
    const one = await project.godwit('up-by-one');
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^applied +000001_create_users/m);
    expect(appliedVersions(project)).toEqual([1]);
    const v = await project.godwit('version');
    expect(v).toMatchObject({ code: 0, stdout: '1\n' });
    const vj = await project.godwit('version', '--json');
    expect(parseJson(vj.stdout)).toEqual({ version: 1, dirty: false });
  });

  it('version is 0 on a database nothing was applied to', async () => {
    await writeSampleMigrations(project);
    expect(await project.godwit('version')).toMatchObject({ code: 0, stdout: '0\n' });
  });

  it('history lists every operation, newest first, and honours --limit', async () => {
    await writeSampleMigrations(project);
    await project.godwit('up');
    await project.godwit('down');
    const r = await project.godwit('history', '--json');
    expect(r.code).toBe(0);
    const { history } = parseJson(r.stdout);
    expect(history.map((h: { version: number; direction: string }) => [h.version, h.direction])).toEqual([
      [3, 'down'],
      [3, 'up'],
      [2, 'up'],
      [1, 'up'],
    ]);
    expect(history[0]).toMatchObject({ success: true, name: 'create_posts', startedAt: expect.any(String) });
    const limited = await project.godwit('history', '--limit', '2');
    expect(limited.code).toBe(0);
    const rows = limited.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^ID +VERSION +NAME +DIRECTION +STARTED AT +TOOK +BY +RESULT$/);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/^\d+ +3 +create_posts +down +.* ok$/);
    const bad = await project.godwit('history', '--limit', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('godwit: error: --limit: "lots" is not a positive whole number');
  });
});

describe('two runners at once', () => {
  it('apply every migration exactly once: the second waits for the lock, then finds less to do', async () => {
    for (let v = 1; v <= 30; v++) {
      await project.write(`migrations/${String(v).padStart(6, '0')}_t${v}.sql`, `-- +goose Up\nCREATE TABLE t${v} (id INTEGER);\n`);
    }
    const [a, b] = await Promise.all([project.godwit('up', '--json'), project.godwit('up', '--json')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const applied = [a, b].flatMap((r) => parseJson(r.stdout).results.filter((s: { status: string }) => s.status === 'applied'));
    expect(applied).toHaveLength(30);
    expect(appliedVersions(project)).toHaveLength(30);
    const ups = project.query<{ n: number }>("SELECT count(*) AS n FROM godwit_migrations_history WHERE direction = 'up' AND success = 1");
    expect(ups[0]!.n).toBe(30);
  });
});

describe('down, down-to, redo, reset', () => {
  beforeEach(async () => {
    await writeSampleMigrations(project);
    expect((await project.godwit('up')).code).toBe(0);
  });

  it('down rolls back the latest one only', async () => {
    const r = await project.godwit('down');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^rolled back +000003_create_posts \\((${DURATION_PATTERN})\\)$`, 'm'));
    expect(r.stdout).toMatch(/version 3 -> 2/);
    expect(appliedVersions(project)).toEqual([1, 2]);
    expect(project.tables()).not.toContain('posts');
  });

  it('down-to rolls back above the version; down-to 0 rolls back all', async () => {
    const r = await project.godwit('down-to', '1');
    expect(r.code).toBe(0);
    expect(appliedVersions(project)).toEqual([1]);
    const columns = project.query<{ name: string }>('PRAGMA table_info(users)').map((c) => c.name);
    expect(columns).toEqual(['id', 'name']);
    const all = await project.godwit('down-to', '0');
    expect(all.code).toBe(0);
    expect(appliedVersions(project)).toEqual([]);
    expect(project.tables()).not.toContain('users');
  });

  it('redo rolls back and re-applies the latest', async () => {
    const r = await project.godwit('redo', '--json');
    expect(r.code).toBe(0);
    const doc = parseJson(r.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.results.map((s: { version: number; direction: string }) => [s.version, s.direction])).toEqual([
      [3, 'down'],
      [3, 'up'],
    ]);
    expect(appliedVersions(project)).toEqual([1, 2, 3]);
  });

  it('reset rolls back everything', async () => {
    const r = await project.godwit('reset');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/version 3 -> 0/);
    expect(appliedVersions(project)).toEqual([]);
    expect(project.userTables()).toEqual([]);
  });

  it('up-to applies up to and including the version', async () => {
    await project.godwit('reset');
    const r = await project.godwit('up-to', '2');
    expect(r.code).toBe(0);
    expect(appliedVersions(project)).toEqual([1, 2]);
  });
});

describe('force', () => {
  it('records the database at a version without running anything', async () => {
    await writeSampleMigrations(project);
    await project.godwit('up');
    const r = await project.godwit('force', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('forced: version 3 -> 1 (records removed: 2, 3; recorded: none)\n');
    expect(appliedVersions(project)).toEqual([1]);
    // nothing ran: the tables of 2 and 3 are still there
    expect(project.tables()).toContain('posts');
    const history = parseJson((await project.godwit('history', '--json', '--limit', '1')).stdout).history;
    expect(history[0]).toMatchObject({ direction: 'force' });
  });

  it('refuses --dry-run (exit 2), since it runs nothing to preview', async () => {
    await writeSampleMigrations(project);
    const r = await project.godwit('force', '1', '--dry-run');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('godwit: error: force has no --dry-run');
  });
});

describe('validate', () => {
  it('checks files only when no database is given, and creates nothing', async () => {
    await writeSampleMigrations(project);
    const r = await project.raw(['validate', '--dir', 'migrations']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok: 3 migration(s) checked (files only; pass --database to check a database too)\n');
    expect(r.stderr).not.toContain('dev.db');
    expect(await readdir(project.dir)).toEqual(['migrations']);
  });

  it('checks checksums against the database when one is given', async () => {
    await writeSampleMigrations(project);
    await project.godwit('up');
    const ok = await project.godwit('validate');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('ok: 3 migration(s) checked (files and sqlite:./app.db)\n');
    await project.write('migrations/000001_create_users.sql', '-- +goose Up\nCREATE TABLE users (id INTEGER);\n');
    const bad = await project.godwit('validate', '--json');
    expect(bad.code).toBe(1);
    const doc = parseJson(bad.stdout);
    expect(doc).toMatchObject({ ok: false, checked: 3, database: true });
    expect(doc.problems).toEqual([expect.objectContaining({ code: 'CHECKSUM_MISMATCH', version: 1 })]);
    expect(doc.error).toMatchObject({ code: 'CHECKSUM_MISMATCH', file: 'migrations/000001_create_users.sql' });
    expect(bad.stderr).toMatch(/^godwit: error: migrations\/000001_create_users\.sql: /m);
  });

  it('uses DATABASE_URL as the database when set', async () => {
    await writeSampleMigrations(project);
    await project.godwit('up');
    const r = await project.raw(['validate', '--dir', 'migrations'], { DATABASE_URL: 'sqlite:./app.db' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('files and sqlite:./app.db');
  });
});
