/**
 * `role` (`--role`): the migrations' statements run under SET ROLE, so what they create belongs to
 * the application's owner role; the store stays the login's. Roles are cluster-wide, so every test
 * makes its own, with unique names, and drops them after its database.
 */
import { randomBytes } from 'node:crypto';
import { admin, createTestDatabase, describePostgres, type TestDatabase } from '@godwit/test-kit/postgres';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createProject, type Project } from './support/project.js';

const FILES = {
  '00001_users.sql': '-- +goose Up\nCREATE TABLE users (id serial PRIMARY KEY, name text);\n-- +goose Down\nDROP TABLE users;\n',
  '00002_audit.sql':
    '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE TABLE audit (id bigint);\nCREATE INDEX CONCURRENTLY audit_id ON audit (id);\n-- +goose Down\nDROP TABLE audit;\n',
};

describePostgres('the role migrations run as (--role)', () => {
  let db: TestDatabase;
  let login: string;
  let owner: string;
  let stranger: string;
  let project: Project;
  let loginUrl: string;

  beforeEach(async () => {
    const id = randomBytes(4).toString('hex');
    login = `godwit_login_${id}`;
    owner = `godwit_owner_${id}`;
    stranger = `godwit_stranger_${id}`;
    db = await createTestDatabase('role');
    // A login that is not a superuser, a member of the owner role (NOLOGIN), both allowed to create in public.
    await admin(async (c) => {
      await c.query(`CREATE ROLE ${login} LOGIN; CREATE ROLE ${owner} NOLOGIN; CREATE ROLE ${stranger} NOLOGIN; GRANT ${owner} TO ${login}`);
    });
    await db.query(`GRANT CREATE ON SCHEMA public TO ${login}, ${owner}`);
    const u = new URL(db.url);
    u.username = login;
    loginUrl = u.toString();
    project = await createProject(loginUrl, FILES);
  });
  afterEach(async () => {
    await project.cleanup();
    await db.drop();
    await admin((c) => c.query(`DROP ROLE IF EXISTS ${login}; DROP ROLE IF EXISTS ${owner}; DROP ROLE IF EXISTS ${stranger}`));
  });

  const owners = () =>
    db.query<{ tablename: string; tableowner: string }>("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");

  it('tables a migration creates belong to the role, in and out of a transaction; the store stays the login\'s', async () => {
    const m = project.migrator({ role: owner });
    const result = await m.up();
    expect(result.error?.message).toBeUndefined();
    expect(result.after).toBe(2);
    expect(await owners()).toEqual([
      { tablename: 'audit', tableowner: owner },
      { tablename: 'godwit_migrations', tableowner: login },
      { tablename: 'godwit_migrations_history', tableowner: login },
      { tablename: 'users', tableowner: owner },
    ]);
    const seq = await db.query<{ owner: string }>("SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = 'users_id_seq'");
    expect(seq).toEqual([{ owner }]);
    // The store was read and written as the login, and the session went back to it.
    expect((await m.history()).map((h) => [h.version, h.success])).toEqual([
      [2, true],
      [1, true],
    ]);
    expect(await m.version()).toEqual({ version: 2, dirty: false });
    // Rolling back runs as the role too: it may drop what it owns.
    expect((await m.down()).error?.message).toBeUndefined();
    expect((await owners()).map((t) => t.tablename)).not.toContain('audit');
  });

  it('without a role, the login owns what it creates (the problem --role solves)', async () => {
    expect((await project.migrator().up()).ok).toBe(true);
    expect((await owners()).find((t) => t.tablename === 'users')?.tableowner).toBe(login);
  });

  it('a single-transaction run takes the role too', async () => {
    await project.write({ '00002_audit.sql': '-- +goose Up\nCREATE TABLE audit (id bigint);\n-- +goose Down\nDROP TABLE audit;\n' });
    const result = await project.migrator({ role: owner, singleTransaction: true }).up();
    expect(result.error?.message).toBeUndefined();
    expect((await owners()).filter((t) => !t.tablename.startsWith('godwit')).map((t) => t.tableowner)).toEqual([owner, owner]);
  });

  it('a role that does not exist stops the run before anything is created, with the fix', async () => {
    const result = await project.migrator({ role: 'no_such_role_godwit' }).up();
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({
      code: 'CONNECTION_FAILED',
      message: 'role "no_such_role_godwit" (--role) does not exist on this server',
      hint: expect.stringContaining(`CREATE ROLE no_such_role_godwit NOLOGIN; GRANT no_such_role_godwit TO ${login}`),
    });
    expect(await owners()).toEqual([]);
  });

  it('a role the login is not a member of is refused, naming the GRANT', async () => {
    const result = await project.migrator({ role: stranger }).up();
    expect(result.error).toMatchObject({
      code: 'CONNECTION_FAILED',
      message: `the login ${login} cannot SET ROLE ${stranger} (--role): it is not a member of that role`,
      hint: expect.stringMatching(new RegExp(`^GRANT ${stranger} TO ${login} `)),
    });
    expect(await owners()).toEqual([]);
  });

  it('a failing statement leaves a dirty record written as the login, and the next read works', async () => {
    await project.write({
      '00002_audit.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE TABLE audit (id bigint);\nSELECT no_such_column FROM audit;\n',
    });
    const m = project.migrator({ role: owner });
    const result = await m.up();
    expect(result.error?.code).toBe('MIGRATION_FAILED');
    expect(await m.version()).toEqual({ version: 2, dirty: true });
    expect((await owners()).find((t) => t.tablename === 'audit')?.tableowner).toBe(owner);
  });

  it('checkSetup (validate --database): objects the login owns in place of the role are named, with the fix', async () => {
    expect((await project.migrator().up()).ok).toBe(true);
    expect(await project.driver().checkSetup!()).toEqual([]);
    expect(await project.driver({ role: owner }).checkSetup!()).toEqual([
      {
        message: `2 object(s) in schema public belong to the login ${login}, not to the role ${owner}: audit, users`,
        hint: expect.stringMatching(new RegExp(`^give each to the role \\(ALTER TABLE public\\.audit OWNER TO ${owner};`)),
      },
    ]);
    await db.query(`ALTER TABLE audit OWNER TO ${owner}; ALTER TABLE users OWNER TO ${owner}`);
    expect(await project.driver({ role: owner }).checkSetup!()).toEqual([]);
  });

  it('checkSetup warns about a superuser login', async () => {
    const superuser = await createProject(db.url);
    try {
      const warnings = await superuser.driver().checkSetup!();
      expect(warnings).toEqual([
        { message: expect.stringMatching(/^the login \w+ is a superuser: migrations run with every privilege on the whole server$/), hint: expect.stringContaining('--role') },
      ]);
    } finally {
      await superuser.cleanup();
    }
  });
});
