/** `godwit status --check` (the built binary, a real SQLite file): exit 0 only when up to date, clean and unchanged. */
import { openSqlite } from '@godwit/test-kit/sqlite';
import { describe, expect, it } from 'vitest';
import { EMAIL_DOWN, EMAIL_UP, USERS, parseJson, writeSampleMigrations, projectPerTest } from './helpers.js';

const project = projectPerTest();

describe('status --check', () => {
  it('exits 1 naming what is pending, then 0 once everything is applied', async () => {
    await writeSampleMigrations(project);
    const before = await project.godwit('status', '--check');
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('godwit: error: 3 migration(s) pending: 1, 2, 3\n');
    expect(before.stderr).toContain('godwit: hint: run godwit up\n');

    expect((await project.godwit('up')).code).toBe(0);
    const after = await project.godwit('status', '--check');
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('check: ok\n');
    expect(after.stderr).not.toContain('error');
  });

  it('exits 1 when an applied file was edited, naming the file', async () => {
    await project.write('migrations/000001_create_users.sql', USERS);
    expect((await project.godwit('up')).code).toBe(0);
    await project.write('migrations/000001_create_users.sql', USERS.replace('name TEXT', 'full_name TEXT'));
    const r = await project.godwit('status', '--check', '--json');
    expect(r.code).toBe(1);
    const doc = parseJson(r.stdout);
    expect(doc.check.ok).toBe(false);
    expect(doc.check.problems[0]).toMatchObject({ code: 'CHECKSUM_MISMATCH', version: 1 });
    expect(doc.error.code).toBe('CHECKSUM_MISMATCH');
    expect(r.stderr).toMatch(/godwit: error: migrations\/000001_create_users\.sql: .*\n/);
  });

  it('exits 1 when the store is dirty', async () => {
    await project.write('migrations/000001_create_users.sql', USERS);
    await project.write('migrations/000002_add_email.up.sql', EMAIL_UP);
    await project.write('migrations/000002_add_email.down.sql', EMAIL_DOWN);
    expect((await project.godwit('up')).code).toBe(0);
    // what a crash in the middle of a non-transactional migration leaves behind
    const db = openSqlite(project.dbFile, { write: true });
    db.prepare('UPDATE godwit_migrations SET dirty = 1 WHERE version = 2').run();
    db.close();
    const r = await project.godwit('status', '--check');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/godwit: error: .*dirty/i);
  });

  it('is refused together with --all', async () => {
    const r = await project.godwit('status', '--check', '--all');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--check works on one database');
  });
});
